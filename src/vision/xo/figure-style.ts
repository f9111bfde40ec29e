/** The font the X-or-X figures ask for first; resvg falls back to any installed sans-serif font. */
export const FIGURE_FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
