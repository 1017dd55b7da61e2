export interface SelectProps<T extends string | number> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  disabled?: boolean;
  onChange(value: T): void;
}

/** A labelled drop-down list, controlled from outside. Numbers stay numbers. */
export function Select<T extends string | number>({ label, value, options, disabled, onChange }: SelectProps<T>) {
  return (
    <label class="select">
      <span>{label}</span>
      <select
        value={String(value)}
        disabled={disabled}
        onChange={(e) => {
          const chosen = options.find((o) => String(o.value) === (e.currentTarget as HTMLSelectElement).value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
