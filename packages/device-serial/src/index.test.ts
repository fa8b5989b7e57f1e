import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the documented names (change on purpose only)', () => {
  expect(Object.keys(api).sort()).toEqual([
    'BASE_BAUD', 'COM1_BASE', 'COM1_IRQ', 'COM2_BASE', 'COM2_IRQ', 'COM3_BASE', 'COM4_BASE', 'FIFO_SIZE',
    'HOST_QUEUE_LIMIT', 'UART_PORT_COUNT', 'Uart16550', 'attachUart', 'defaultSerialState',
  ]);
});
