import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { ja } from './ja.js';
import { catalogues, hasMessage, preferredLocale, translate } from './i18n.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogues', () => {
  it('English and Japanese have exactly the same keys', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.entries(catalogues))('%s has no empty values', (_locale, catalogue) => {
    for (const [key, value] of Object.entries(catalogue)) expect(value.trim(), key).not.toBe('');
  });

  it('every translation uses the same placeholders as English', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(ja[key]), key).toEqual(placeholders(en[key]));
  });

  it('Japanese is really translated (not English copies) for the UI texts', () => {
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => en[k] === ja[k]);
    // Brand names stay as they are.
    expect(same.sort()).toEqual(['channel.viber', 'channel.webrtc', 'channel.whatsapp']);
  });

  it('keeps the spec texts word for word in English', () => {
    expect(en['notice.permission_denied']).toBe('Permission to use camera and/or microphone was denied.');
    expect(en['notice.weak_connection']).toBe('Your connection is weak.');
    expect(en['notice.customer_weak_connection']).toBe("The customer's connection is weak.");
    expect(en['notice.transfer_failed']).toBe('The call cannot be transferred.');
    expect(en['notice.not_in_phonebook']).toBe('Number or name not found in phonebook.');
    expect(en['wrapUp.extend']).toBe('+10s');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'wrapUp.endsIn', { seconds: 27 })).toBe('Wrap-up ends in 27 s');
    expect(translate('ja', 'wrapUp.endsIn', { seconds: 27 })).toBe('後処理終了まで 27 秒');
    expect(translate('en', 'registration.failed')).toBe('Registration failed: {reason}');
  });

  it('recognises dynamic keys and picks a locale from browser languages', () => {
    expect(hasMessage('notice.permission_denied')).toBe(true);
    expect(hasMessage('notice.__proto__')).toBe(false);
    expect(hasMessage('toString')).toBe(false);
    expect(preferredLocale(['ja-JP', 'en'])).toBe('ja');
    expect(preferredLocale(['fr-FR', 'en-US'])).toBe('en');
    expect(preferredLocale([])).toBe('en');
  });
});
