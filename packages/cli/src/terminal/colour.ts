/**
 * How colours reach the terminal: 24-bit SGR (38;2;r;g;b) where the terminal
 * says it has it (COLORTERM=truecolor|24bit), the 16 ANSI colours otherwise,
 * nothing at all with NO_COLOR (https://no-color.org) or when not a terminal.
 */
import { VGA_TO_ANSI } from '@tinyvm/device-vga';
import { TEXT_PALETTE } from '../screen/frame.js';

export type ColourMode = 'truecolor' | 'ansi16' | 'none';

export function colourModeFor(env: NodeJS.ProcessEnv, isTty: boolean): ColourMode {
  if (!isTty || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return 'none';
  return env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit' ? 'truecolor' : 'ansi16';
}

/** SGR parameters for a VGA text colour pair (colour indices 0–15 and 0–7). */
export function textColourSgr(mode: ColourMode, fg: number, bg: number): string {
  if (mode === 'none') return '';
  if (mode === 'truecolor') {
    const [fr, fg8, fb] = TEXT_PALETTE[fg];
    const [br, bg8, bb] = TEXT_PALETTE[bg];
    return `\x1b[38;2;${fr};${fg8};${fb};48;2;${br};${bg8};${bb}m`;
  }
  const f = (fg & 8 ? 90 : 30) + VGA_TO_ANSI[fg & 7];
  const b = 40 + VGA_TO_ANSI[bg & 7];
  return `\x1b[${f};${b}m`;
}

/** SGR for a half-block cell: foreground = upper pixel, background = lower pixel (24-bit colours). */
export function rgbPairSgr(top: number, bottom: number): string {
  return `\x1b[38;2;${(top >> 16) & 0xff};${(top >> 8) & 0xff};${top & 0xff};48;2;${(bottom >> 16) & 0xff};${(bottom >> 8) & 0xff};${bottom & 0xff}m`;
}
