// Test helpers shared by the packages' tests (private: not published).

// Devices
export { RecordingLine } from './recording-line.js';
export { initPicsAsBios } from './pic-init.js';
export type { PicInitOptions } from './pic-init.js';

// Guests
export { describeAssembledGuests, nasmAvailable } from './nasm-guests.js';
