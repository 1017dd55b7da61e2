/** The loss curve as a small standalone SVG (training loss per step, held-out loss per epoch). */
export function lossCurveSvg(train: [number, number][], heldout: [number, number][], title: string): string {
  const W = 720, H = 360, pad = 48;
  const all = [...train, ...heldout];
  if (!all.length) return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"/>`;
  const xMax = Math.max(...all.map((p) => p[0]), 1);
  const ys = all.map((p) => p[1]);
  const yMin = Math.floor(Math.min(...ys)), yMax = Math.ceil(Math.max(...ys));
  const x = (v: number) => pad + ((W - 2 * pad) * v) / xMax;
  const y = (v: number) => H - pad - ((H - 2 * pad) * (v - yMin)) / Math.max(1e-9, yMax - yMin);
  const line = (pts: [number, number][]) => pts.map((p, i) => `${i ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
  const ticks = Array.from({ length: yMax - yMin + 1 }, (_, i) => yMin + i)
    .map((v) => `<text x="${pad - 8}" y="${y(v) + 4}" text-anchor="end">${v}</text><line x1="${pad}" x2="${W - pad}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>${ticks}
<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${title}</text>
<text x="${W / 2}" y="${H - 10}" text-anchor="middle">optimizer steps (max ${xMax})</text>
<text x="14" y="${H / 2}" transform="rotate(-90 14 ${H / 2})" text-anchor="middle">cross-entropy (nats)</text>
<path d="${line(train)}" fill="none" stroke="#2a6fdb" stroke-width="1.2"/>
<path d="${line(heldout)}" fill="none" stroke="#d9480f" stroke-width="2"/>${heldout.map((p) => `<circle cx="${x(p[0])}" cy="${y(p[1])}" r="3" fill="#d9480f"/>`).join('')}
<text x="${W - pad}" y="40" text-anchor="end" fill="#2a6fdb">training (sampled softmax)</text>
<text x="${W - pad}" y="56" text-anchor="end" fill="#d9480f">held-out text (full softmax)</text>
</svg>\n`;
}
