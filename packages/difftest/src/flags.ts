/** The arithmetic flags whose definedness the generator tracks (SDM vol. 1 §3.4.3.1). */
export const CF = 0x001;
export const PF = 0x004;
export const AF = 0x010;
export const ZF = 0x040;
export const SF = 0x080;
export const OF = 0x800;
export const ARITH = CF | PF | AF | ZF | SF | OF;
/** The status flags LAHF/SAHF move (all but OF). */
export const LAHF_FLAGS = CF | PF | AF | ZF | SF;

/** The flags condition code cc (Jcc/SETcc low nibble) tests (SDM vol. 2 appendix B.1). */
export const CONDITION_READS: readonly number[] = [
  OF, OF, CF, CF, ZF, ZF, CF | ZF, CF | ZF, SF, SF, PF, PF, SF | OF, SF | OF, ZF | SF | OF, ZF | SF | OF,
];
