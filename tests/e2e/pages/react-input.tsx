/** @jsxImportSource react */
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

/** A controlled input: React owns the value, so insertions must go through React's events. */
function ControlledInput() {
  const [value, setValue] = useState('');
  return (
    <>
      <input id="controlled" value={value} onChange={(e) => setValue(e.currentTarget.value)} />
      <output id="state">{value}</output>
    </>
  );
}

createRoot(document.getElementById('root')!).render(<ControlledInput />);
