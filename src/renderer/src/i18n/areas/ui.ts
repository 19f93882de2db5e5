// Strings of one area of the app, kept in their own file so that features can grow in parallel; spread
// into the English and Japanese catalogues (en.ts, ja.ts). Every key needs both languages.
export const uiEn = {
  // Transfer panel (§7)
  'transfer.refresh': 'Refresh',
  'transfer.loading': 'Loading…',
  'transfer.loadFailed': 'The list could not be loaded. Try Refresh.',
  'transfer.agentsLegend': 'Agents of your queue',
  'transfer.queuesLegend': 'Queues',
  'transfer.noAgents': 'No other agents in your queues.',
  'transfer.noQueues': 'No queues with automatic assignment.',
  'transfer.agentOption': '{name} ({status})',
  'transfer.numberOrName': 'Number or name',
  'transfer.suggestions': 'Phonebook',
  'transfer.suggestion': '{name} — {number}',
  'transfer.willTransferTo': 'Transfers to {name} ({number})',
  'transfer.from': 'From (caller ID)',
  'transfer.fromAutomatic': 'Automatic',
  'transfer.fromCustomer': "The external party sees the customer's own number.",
  'transfer.notForWhatsApp': 'WhatsApp calls cannot be transferred to a phone number.',
} as const;

export const uiJa: Record<keyof typeof uiEn, string> = {
  'transfer.refresh': '更新',
  'transfer.loading': '読み込み中…',
  'transfer.loadFailed': '一覧を読み込めませんでした。「更新」を押してください。',
  'transfer.agentsLegend': '同じキューのエージェント',
  'transfer.queuesLegend': 'キュー',
  'transfer.noAgents': '同じキューに他のエージェントはいません。',
  'transfer.noQueues': '自動割り当てのキューはありません。',
  'transfer.agentOption': '{name}({status})',
  'transfer.numberOrName': '電話番号または名前',
  'transfer.suggestions': '電話帳',
  'transfer.suggestion': '{name}({number})',
  'transfer.willTransferTo': '{name}({number})に転送します',
  'transfer.from': '発信者番号',
  'transfer.fromAutomatic': '自動',
  'transfer.fromCustomer': '転送先にはお客様ご自身の番号が表示されます。',
  'transfer.notForWhatsApp': 'WhatsApp の通話は電話番号へ転送できません。',
};
