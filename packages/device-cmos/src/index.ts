// The RTC and NVRAM at 0x70/0x71
export {
  Cmos, attachCmos, CMOS_BASE, CMOS_PORT_COUNT, CMOS_SIZE, NMI_DISABLE_BIT,
  REG_SECONDS, REG_SECONDS_ALARM, REG_MINUTES, REG_MINUTES_ALARM, REG_HOURS, REG_HOURS_ALARM,
  REG_DAY_OF_WEEK, REG_DAY_OF_MONTH, REG_MONTH, REG_YEAR, REG_A, REG_B, REG_C, REG_D, REG_CENTURY,
  REG_A_UIP_BIT, REG_B_SET_BIT, REG_B_PIE_BIT, REG_B_AIE_BIT, REG_B_UIE_BIT, REG_B_BINARY_BIT, REG_B_24_HOUR_BIT,
  REG_C_IRQF_BIT, REG_C_PF_BIT, REG_C_AF_BIT, REG_C_UF_BIT, REG_D_VRT_BIT, DEFAULT_REG_A, DEFAULT_REG_B,
} from './cmos.js';
export type { CmosState, RtcFields, CmosOptions, CmosCounters, WallClock, IrqLine, IoRegistrar } from './cmos.js';

// The PC's NVRAM layout: memory sizes and checksum
export {
  setMemorySize, computeChecksum, updateChecksum, BASE_MEMORY_KIB,
  REG_BASE_MEMORY_LOW, REG_EXTENDED_MEMORY_LOW, REG_POST_EXTENDED_MEMORY_LOW, REG_MEMORY_ABOVE_16M_LOW,
  REG_MEMORY_ABOVE_4G_LOW, REG_CHECKSUM_HIGH, REG_CHECKSUM_LOW,
} from './pc-layout.js';

// BCD and hour encoding
export { toBcd, fromBcd } from './rtc-fields.js';
