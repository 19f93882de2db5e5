// Desktop-integration part of the bridge (settings page for hotkeys / tray / launch at login, click-to-dial).
// Spread into `contract` (methods into contract.methods, events into contract.events); handlers live in
// src/main/services/desktop/desktop-bridge.ts.
import { z } from 'zod';
import { AcceleratorSchema } from './accelerator.js';

export const HOTKEY_ACTIONS = ['answer', 'holdResume', 'hangup', 'mute'] as const;
export const HotkeyActionSchema = z.enum(HOTKEY_ACTIONS);
export type HotkeyAction = z.infer<typeof HotkeyActionSchema>;

export const LocaleSchema = z.enum(['en', 'ja']);
export type Locale = z.infer<typeof LocaleSchema>;

/** One accelerator per action; null = no hotkey for that action. */
export const HotkeyBindingsSchema = z.object({
  answer: AcceleratorSchema.nullable(),
  holdResume: AcceleratorSchema.nullable(),
  hangup: AcceleratorSchema.nullable(),
  mute: AcceleratorSchema.nullable(),
});
export type HotkeyBindings = z.output<typeof HotkeyBindingsSchema>;

/** The settings the agent edits on the desktop settings page. */
export const DesktopPreferencesSchema = z.object({
  locale: LocaleSchema,
  /** Closing the window while registered hides it to the tray instead of quitting. */
  closeToTray: z.boolean(),
  launchAtLogin: z.boolean(),
  hotkeys: HotkeyBindingsSchema,
});
export type DesktopPreferences = z.output<typeof DesktopPreferencesSchema>;

export const HotkeyProblemSchema = z.enum(['invalid', 'reserved', 'duplicate', 'taken']);
export type HotkeyProblem = z.infer<typeof HotkeyProblemSchema>;

/** What is really bound for an action, and why the last requested binding was not applied, if it was not. */
export const HotkeyStatusSchema = z.object({
  action: HotkeyActionSchema,
  /** The accelerator registered with the OS right now (null = none). */
  accelerator: z.string().nullable(),
  /** Set when the last change was refused; the previous binding (accelerator) stays in force. */
  failure: z
    .object({ requested: z.string(), problem: HotkeyProblemSchema, message: z.string() })
    .nullable(),
});
export type HotkeyStatus = z.infer<typeof HotkeyStatusSchema>;

/**
 * What this host can really do. The installed app can do everything; the web host (a browser tab) can hold no
 * global hotkeys, has no tray and cannot start at login: it saves those settings but says they do not apply.
 */
export const DesktopCapabilitiesSchema = z.object({
  globalHotkeys: z.boolean(),
  tray: z.boolean(),
  launchAtLogin: z.boolean(),
});
export type DesktopCapabilities = z.infer<typeof DesktopCapabilitiesSchema>;

export const DesktopViewSchema = z.object({
  preferences: DesktopPreferencesSchema,
  hotkeys: z.array(HotkeyStatusSchema),
  /** False when the OS offers no encryption: the password is then never saved to disk. */
  secureStorage: z.boolean(),
  capabilities: DesktopCapabilitiesSchema,
});
export type DesktopView = z.infer<typeof DesktopViewSchema>;

/** A patch from the settings page; hotkeys are validated by the main process (to report per action). */
export const DesktopPreferencesPatchSchema = z
  .object({
    locale: LocaleSchema.optional(),
    closeToTray: z.boolean().optional(),
    launchAtLogin: z.boolean().optional(),
    hotkeys: z
      .object({
        answer: z.string().max(200).nullable().optional(),
        holdResume: z.string().max(200).nullable().optional(),
        hangup: z.string().max(200).nullable().optional(),
        mute: z.string().max(200).nullable().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type DesktopPreferencesPatch = z.infer<typeof DesktopPreferencesPatchSchema>;

export const DialRequestSchema = z.object({ target: z.string().min(1).max(200) });
export type DialRequest = z.infer<typeof DialRequestSchema>;

export const desktopContract = {
  methods: {
    getDesktopSettings: { args: z.object({}).strict(), result: DesktopViewSchema },
    updateDesktopSettings: { args: DesktopPreferencesPatchSchema, result: DesktopViewSchema },
    /**
     * A click-to-dial link the page itself received (the web host's `?dial=` URL, which is also what a browser
     * protocol handler for tel:/sip: opens). Goes through the same checks as an OS link; it only prefills,
     * never dials. Answers whether the link was accepted.
     */
    openDialLink: { args: z.object({ url: z.string().min(1).max(2048) }).strict(), result: z.object({ accepted: z.boolean() }) },
  },
  events: {
    /** A tel:/sip:/callto: link was opened: show the outbound dialog prefilled with `target`. */
    dialRequest: DialRequestSchema,
    desktopSettings: DesktopViewSchema,
  },
} as const;
