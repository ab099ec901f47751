import type { ProductArt } from './catalog.js';

const OUTLINE = '#3a3a3a';

// Each shape is drawn in a 120×120 box from the product's colours; the strings are static
// markup built from catalog constants, never from user input.
const shapes: Record<ProductArt['shape'], (art: ProductArt) => string> = {
  mug: (a) => `
    <path d="M80 50h7a11 11 0 0 1 0 22h-7" fill="none" stroke="${OUTLINE}" stroke-width="9"/>
    <path d="M80 50h7a11 11 0 0 1 0 22h-7" fill="none" stroke="${a.color}" stroke-width="5"/>
    <rect x="32" y="38" width="50" height="56" rx="7" fill="${a.color}" stroke="${OUTLINE}" stroke-width="2"/>
    <rect x="32" y="46" width="50" height="5" fill="${a.accent}" opacity=".7"/>
    <path d="M47 30c-4-5 4-8 0-14M58 30c-4-5 4-8 0-14M69 30c-4-5 4-8 0-14" fill="none"
      stroke="${OUTLINE}" stroke-width="2" stroke-linecap="round" opacity=".35"/>`,
  teapot: (a) => `
    <path d="M30 66c-12-2-16-14-20-20 8 2 14 8 22 10" fill="${a.color}" stroke="${OUTLINE}" stroke-width="2"/>
    <path d="M88 56c12-4 16 14 4 22" fill="none" stroke="${OUTLINE}" stroke-width="5"/>
    <ellipse cx="60" cy="70" rx="32" ry="26" fill="${a.color}" stroke="${OUTLINE}" stroke-width="2"/>
    <ellipse cx="60" cy="45" rx="16" ry="5" fill="${a.accent}" stroke="${OUTLINE}" stroke-width="2"/>
    <circle cx="60" cy="37" r="4" fill="${a.accent}" stroke="${OUTLINE}" stroke-width="2"/>`,
  tee: (a) => `
    <path d="M42 28 24 36 12 58l16 7 6-10v43h52V55l6 10 16-7-12-22-18-8c-4 8-11 11-18 11s-14-3-18-11Z"
      fill="${a.color}" stroke="${OUTLINE}" stroke-width="2" stroke-linejoin="round"/>
    <rect x="66" y="52" width="10" height="9" rx="2" fill="${a.accent}"/>`,
  tote: (a) => `
    <path d="M44 50V38a16 16 0 0 1 32 0v12" fill="none" stroke="${a.accent}" stroke-width="5"/>
    <path d="M28 48h64l-5 50H33Z" fill="${a.color}" stroke="${OUTLINE}" stroke-width="2" stroke-linejoin="round"/>
    <circle cx="60" cy="73" r="9" fill="none" stroke="${a.accent}" stroke-width="3"/>`,
  beanie: (a) => `
    <path d="M30 82c0-28 12-44 30-44s30 16 30 44Z" fill="${a.color}" stroke="${OUTLINE}" stroke-width="2"/>
    <rect x="26" y="76" width="68" height="18" rx="6" fill="${a.accent}" stroke="${OUTLINE}" stroke-width="2"/>
    <circle cx="60" cy="32" r="9" fill="${a.accent}" stroke="${OUTLINE}" stroke-width="2"/>`,
  candle: (a) => `
    <path d="M60 22c7 8 7 14 0 18-7-4-7-10 0-18Z" fill="#f6a623" stroke="${OUTLINE}" stroke-width="1.5"/>
    <line x1="60" y1="40" x2="60" y2="48" stroke="${OUTLINE}" stroke-width="2"/>
    <rect x="36" y="46" width="48" height="52" rx="6" fill="${a.color}" stroke="${OUTLINE}" stroke-width="2"/>
    <rect x="42" y="64" width="36" height="18" rx="2" fill="${a.accent}"/>`,
  pot: (a) => `
    <ellipse cx="48" cy="40" rx="8" ry="16" transform="rotate(-25 48 40)" fill="${a.accent}"/>
    <ellipse cx="72" cy="40" rx="8" ry="16" transform="rotate(25 72 40)" fill="${a.accent}"/>
    <ellipse cx="60" cy="34" rx="7" ry="18" fill="${a.accent}"/>
    <path d="M38 62h44l-6 36H44Z" fill="${a.color}" stroke="${OUTLINE}" stroke-width="2"/>
    <rect x="33" y="54" width="54" height="11" rx="3" fill="${a.color}" stroke="${OUTLINE}" stroke-width="2"/>`,
  cushion: (a) => `
    <rect x="24" y="32" width="72" height="60" rx="18" fill="${a.color}" stroke="${OUTLINE}" stroke-width="2"/>
    <path d="M60 40v44M32 62h56" stroke="${a.accent}" stroke-width="2" stroke-dasharray="4 4"/>
    <circle cx="60" cy="62" r="4" fill="${a.accent}"/>`,
  notebook: (a) => `
    <rect x="34" y="22" width="54" height="76" rx="5" fill="${a.color}" stroke="${OUTLINE}" stroke-width="2"/>
    <rect x="34" y="22" width="8" height="76" rx="3" fill="${OUTLINE}" opacity=".25"/>
    <rect x="76" y="22" width="5" height="76" fill="${a.accent}"/>
    <path d="M64 98v12l-4-4-4 4V98" fill="#c0392b"/>`,
  pen: (a) => `
    <g transform="rotate(-40 60 60)">
      <rect x="55" y="14" width="10" height="72" rx="4" fill="${a.color}" stroke="${OUTLINE}" stroke-width="2"/>
      <path d="M55 86h10l-5 14Z" fill="${a.accent}"/>
      <rect x="63" y="20" width="3" height="28" rx="1.5" fill="${a.accent}"/>
    </g>`,
  sticker: (a) => `
    <circle cx="60" cy="60" r="36" fill="${a.color}" stroke="#fff" stroke-width="5"/>
    <path d="m60 38 6 14 15 1-11 10 4 15-14-8-14 8 4-15-11-10 15-1Z" fill="${a.accent}"/>`,
};

function speckles(color: string): string {
  // Fixed positions so the picture is identical on every render.
  const dots = [
    [42, 58],
    [51, 70],
    [63, 62],
    [72, 78],
    [46, 84],
    [58, 88],
    [70, 55],
    [38, 72],
    [66, 90],
  ];
  return dots.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="1.4" fill="${color}" opacity=".75"/>`).join('');
}

/**
 * Draws a product picture as inline SVG markup (decorative: `aria-hidden`, the name is
 * always shown next to it).
 */
export function productArt(art: ProductArt): string {
  return (
    `<svg viewBox="0 0 120 120" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">` +
    `<rect width="120" height="120" fill="${art.background}"/>` +
    shapes[art.shape](art) +
    (art.speckled ? speckles(art.shape === 'mug' ? art.accent : OUTLINE) : '') +
    `</svg>`
  );
}
