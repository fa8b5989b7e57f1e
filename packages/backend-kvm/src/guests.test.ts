/** The committed guest bytes are what their assembly sources assemble to. */
import { describeAssembledGuests } from '@tinyvm/test-support';
import { GUESTS } from './test-guests.js';

describeAssembledGuests('backend-kvm guests', GUESTS, new URL('./test-guests/', import.meta.url));
