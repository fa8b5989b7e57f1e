import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the documented names (change on purpose only)', () => {
  expect(Object.keys(api).sort()).toEqual([
    'CHANNEL0_OFFSET', 'CHANNEL1_OFFSET', 'CHANNEL2_OFFSET', 'CONTROL_OFFSET',
    'PIT_BASE', 'PIT_FREQUENCY_HZ', 'PIT_PORT_COUNT', 'PORT_B', 'PORT_B_GATE2_BIT', 'PORT_B_OUT2_BIT',
    'PORT_B_REFRESH_TOGGLE_BIT', 'PORT_B_SPEAKER_DATA_BIT', 'Pit', 'PitChannel', 'PortB',
    'REFRESH_PERIOD_NS', 'SPEAKER_CHANNEL', 'attachPit', 'fromBcd', 'nsFromTicks', 'ticksFromNs', 'toBcd',
  ]);
});
