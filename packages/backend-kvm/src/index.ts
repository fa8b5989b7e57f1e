// The backend
export { createKvmBackend, KvmBackend } from './backend.js';
export type { KvmOptions } from './backend.js';

// Choosing a backend
export { kvmAvailability } from './device.js';
