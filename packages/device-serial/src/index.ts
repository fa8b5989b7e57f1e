// The 16550A UART
export {
  Uart16550, attachUart, defaultSerialState,
  COM1_BASE, COM2_BASE, COM3_BASE, COM4_BASE, COM1_IRQ, COM2_IRQ, UART_PORT_COUNT,
  BASE_BAUD, FIFO_SIZE, HOST_QUEUE_LIMIT,
} from './uart16550.js';
export type { SerialState, SerialOptions, SerialCounters, SerialSink, IrqLine, IoRegistrar } from './uart16550.js';
