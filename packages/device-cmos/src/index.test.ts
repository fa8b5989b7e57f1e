import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the documented names (change on purpose only)', () => {
  expect(Object.keys(api).sort()).toEqual([
    'BASE_MEMORY_KIB', 'CMOS_BASE', 'CMOS_PORT_COUNT', 'CMOS_SIZE', 'Cmos', 'DEFAULT_REG_A', 'DEFAULT_REG_B',
    'NMI_DISABLE_BIT', 'REG_A', 'REG_A_UIP_BIT', 'REG_B', 'REG_BASE_MEMORY_LOW', 'REG_B_24_HOUR_BIT', 'REG_B_AIE_BIT',
    'REG_B_BINARY_BIT', 'REG_B_PIE_BIT', 'REG_B_SET_BIT', 'REG_B_UIE_BIT', 'REG_C', 'REG_CENTURY', 'REG_CHECKSUM_HIGH',
    'REG_CHECKSUM_LOW', 'REG_C_AF_BIT', 'REG_C_IRQF_BIT', 'REG_C_PF_BIT', 'REG_C_UF_BIT', 'REG_D', 'REG_DAY_OF_MONTH',
    'REG_DAY_OF_WEEK', 'REG_D_VRT_BIT', 'REG_EXTENDED_MEMORY_LOW', 'REG_HOURS', 'REG_HOURS_ALARM',
    'REG_MEMORY_ABOVE_16M_LOW', 'REG_MEMORY_ABOVE_4G_LOW', 'REG_MINUTES', 'REG_MINUTES_ALARM', 'REG_MONTH',
    'REG_POST_EXTENDED_MEMORY_LOW', 'REG_SECONDS', 'REG_SECONDS_ALARM', 'REG_YEAR', 'attachCmos', 'computeChecksum',
    'fromBcd', 'setMemorySize', 'toBcd', 'updateChecksum',
  ].sort());
});
