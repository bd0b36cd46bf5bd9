import { registerTexts } from '../../register-texts.js'

const en = {
  console: {
    bots: {
      tuning: {
        triggers: 'When it answers',
        direct: 'Direct messages to the bot',
        mention: 'When @mentioned in a group',
        keywords: 'Keywords that wake it in groups (one a line)',
        quotas: 'Token quotas (empty: no limit)',
        userDailyTokens: 'Per person per day',
        appMonthlyTokens: 'Whole app per month',
        model: 'Model settings',
        temperature: 'Temperature (0–2, empty: the model’s default)',
        maxOutputTokens: 'Longest answer in tokens (empty: the model’s default)',
        historyTokens: 'Earlier messages sent along, in tokens (empty: 2,000)',
        fallbackModels: 'Fallback models, tried in order when the model fails (one a line, up to 5)',
        tools: 'Tools it may call',
        noTools: 'No tools yet (Tools).',
        toolsNeedModel: 'Tools are called by model-backed bots only.',
        redactPii: 'Hide personal data (emails, phone numbers, card numbers) from the model',
        fix: 'Some settings need a fix: {{fields}}.',
        errors: {
          number: 'Enter a number.',
          whole: 'Enter a whole number.',
          positive: 'Enter a number above 0, or leave it empty.',
          range: 'Enter a number from {{min}} to {{max}}.',
          tooMany: 'At most {{max}}.',
          tooLong: 'Each at most {{max}} characters.',
        },
      },
      systemPromptCleared: 'Empty instructions put the default ones back.',
    },
  },
}

const zhCN: typeof en = {
  console: {
    bots: {
      tuning: {
        triggers: '何时回答',
        direct: '私聊机器人时',
        mention: '在群里被 @ 时',
        keywords: '在群里唤醒它的关键词（每行一个）',
        quotas: 'Token 配额（留空：不限）',
        userDailyTokens: '每人每天',
        appMonthlyTokens: '整个应用每月',
        model: '模型设置',
        temperature: '温度（0–2，留空：模型默认）',
        maxOutputTokens: '回答最长 token 数（留空：模型默认）',
        historyTokens: '一并发送的历史消息 token 数（留空：2000）',
        fallbackModels: '备用模型，主模型失败时依次尝试（每行一个，最多 5 个）',
        tools: '可调用的工具',
        noTools: '还没有工具（工具）。',
        toolsNeedModel: '只有接入模型的机器人才会调用工具。',
        redactPii: '不把个人信息（邮箱、电话、卡号）发给模型',
        fix: '有些设置需要修改：{{fields}}。',
        errors: {
          number: '请输入数字。',
          whole: '请输入整数。',
          positive: '请输入大于 0 的数，或留空。',
          range: '请输入 {{min}} 到 {{max}} 之间的数。',
          tooMany: '最多 {{max}} 个。',
          tooLong: '每个最多 {{max}} 个字符。',
        },
      },
      systemPromptCleared: '指令留空即恢复默认指令。',
    },
  },
}

registerTexts({ en, zhCN })
