// The 8254 timer at 0x40-0x43
export {
  Pit, PIT_BASE, PIT_PORT_COUNT, CHANNEL0_OFFSET, CHANNEL1_OFFSET, CHANNEL2_OFFSET, CONTROL_OFFSET,
  SPEAKER_CHANNEL, attachPit,
} from './pit.js';
export type { PitState, PitOptions, PitCounters, IrqLine, IoRegistrar } from './pit.js';

// Port 0x61: channel 2 gate, speaker enable, refresh toggle, OUT2
export {
  PortB, PORT_B, PORT_B_GATE2_BIT, PORT_B_SPEAKER_DATA_BIT, PORT_B_REFRESH_TOGGLE_BIT, PORT_B_OUT2_BIT,
  REFRESH_PERIOD_NS,
} from './port-b.js';
export type { PortBState } from './port-b.js';

// Time
export { PIT_FREQUENCY_HZ, ticksFromNs, nsFromTicks } from './pit-time.js';
export type { Clock } from './pit-time.js';

// One channel
export { PitChannel, toBcd, fromBcd } from './pit-channel.js';
export type { PitChannelState } from './pit-channel.js';
