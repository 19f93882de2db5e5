import { describe, expect, it, vi } from 'vitest';
import { chooseSource, MAX_THUMBNAIL_CHARS, toScreenSources } from './screen-sources.js';

const png = 'data:image/png;base64,iVBORw0KGgo=';

describe('toScreenSources', () => {
  it.each([
    { name: 'screens before windows', raw: [{ id: 'window:5:0', name: 'Editor', thumbnail: png }, { id: 'screen:0:0', name: 'Entire screen', thumbnail: png }], ids: ['screen:0:0', 'window:5:0'] },
    { name: 'unknown kinds are dropped', raw: [{ id: 'tab:1', name: 'x', thumbnail: '' }], ids: [] },
    { name: 'empty names fall back to the id', raw: [{ id: 'window:7:0', name: '', thumbnail: '' }], ids: ['window:7:0'] },
  ])('$name', ({ raw, ids }) => {
    expect(toScreenSources(raw).map((s) => s.id)).toEqual(ids);
  });

  it('keeps valid small thumbnails only', () => {
    const [a, b, c] = toScreenSources([
      { id: 'screen:0:0', name: 'A', thumbnail: png },
      { id: 'screen:1:0', name: 'B', thumbnail: `data:image/png;base64,${'A'.repeat(MAX_THUMBNAIL_CHARS)}` },
      { id: 'screen:2:0', name: 'C', thumbnail: 'javascript:alert(1)' },
    ]);
    expect([a?.thumbnail, b?.thumbnail, c?.thumbnail]).toEqual([png, null, null]);
    expect(a?.kind).toBe('screen');
  });
});

describe('chooseSource', () => {
  const raw = [{ id: 'screen:0:0', name: 'Entire screen', thumbnail: '', native: 1 }];
  it('returns the raw source the agent picked', async () => {
    await expect(chooseSource({ pick: async () => 'screen:0:0' }, raw)).resolves.toBe(raw[0]);
  });
  it('returns null on Cancel, and does not ask when there is nothing to share', async () => {
    await expect(chooseSource({ pick: async () => null }, raw)).resolves.toBeNull();
    const pick = vi.fn(async () => 'x');
    await expect(chooseSource({ pick }, [])).resolves.toBeNull();
    expect(pick).not.toHaveBeenCalled();
  });
});
