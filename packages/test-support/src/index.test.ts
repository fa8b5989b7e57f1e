import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the documented names (change on purpose only)', () => {
  expect(Object.keys(api).sort()).toEqual(['RecordingLine', 'describeAssembledGuests', 'initPicsAsBios', 'nasmAvailable']);
});

it('RecordingLine counts rising edges only', () => {
  const line = new api.RecordingLine();
  for (const level of [true, true, false, true, false, false]) line.set(level);
  expect(line.risingEdges).toBe(2);
  expect(line.level).toBe(false);
});

it('initPicsAsBios writes ICW1-ICW4 to the master, then the slave', () => {
  const writes: Array<[number, number]> = [];
  api.initPicsAsBios((port, value) => writes.push([port, value]), { masterBase: 0x20 });
  expect(writes).toEqual([[0x20, 0x11], [0x21, 0x20], [0x21, 0x04], [0x21, 0x01], [0xa0, 0x11], [0xa1, 0x70], [0xa1, 0x02], [0xa1, 0x01]]);
});
