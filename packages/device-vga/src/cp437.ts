/**
 * Code page 437, the IBM PC's character ROM, as Unicode: what each byte of the
 * text buffer looks like on screen. The control range 0x00-0x1F and 0x7F are
 * glyphs in the ROM (smileys, card suits, arrows), not control characters; 0x00
 * draws as a blank. Table from the IBM PC Technical Reference, "Character Set".
 */
const LOW_GLYPHS =
  ' ☺☻♥♦♣♠•◘○◙♂♀♪♫☼' +
  '►◄↕‼¶§▬↨↑↓→←∟↔▲▼';

const HIGH_GLYPHS =
  'ÇüéâäàåçêëèïîìÄÅ' +
  'ÉæÆôöòûùÿÖÜ¢£¥₧ƒ' +
  'áíóúñÑªº¿⌐¬½¼¡«»' +
  '░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧' +
  '╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩' +
  '≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/** CP437 byte → one Unicode character; built once. */
export const CP437: readonly string[] = (() => {
  const table: string[] = [];
  for (const ch of LOW_GLYPHS) table.push(ch);
  for (let code = 0x20; code < 0x7f; code++) table.push(String.fromCharCode(code));
  table.push('⌂');
  for (const ch of HIGH_GLYPHS) table.push(ch);
  if (table.length !== 256) throw new Error(`CP437 table has ${table.length} entries`);
  return table;
})();
