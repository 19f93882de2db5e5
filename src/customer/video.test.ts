import { describe, expect, it } from 'vitest';
import { nextCamera } from './video.js';

const cam = (deviceId: string) => ({ kind: 'videoinput', deviceId });

describe('nextCamera (switch front/back camera, §13.4)', () => {
  it.each([
    { name: 'one camera: no switch', list: [cam('a')], current: 'a', want: null },
    { name: 'two cameras: the other one', list: [cam('a'), cam('b')], current: 'a', want: 'b' },
    { name: 'wraps around', list: [cam('a'), cam('b'), cam('c')], current: 'c', want: 'a' },
    { name: 'unknown current: the first', list: [cam('a'), cam('b')], current: undefined, want: 'a' },
    { name: 'microphones do not count', list: [cam('a'), { kind: 'audioinput', deviceId: 'm' }], current: 'a', want: null },
    { name: 'unlabelled (no permission) devices do not count', list: [cam(''), cam('')], current: undefined, want: null },
  ])('$name', ({ list, current, want }) => expect(nextCamera(list, current)).toBe(want));
});
