import { registerTexts } from '../../register-texts.js'

const en = {
  console: {
    support: {
      feedback: {
        label: 'Ratings of this answer',
        up: '👍 Helpful',
        down: '👎 Not helpful',
        by: '{{name}} · {{time}}',
        history: 'Earlier ratings ({{count}})',
        rate: 'Rate this answer',
        changeRating: 'Change your rating',
        yourRating: 'Your rating',
        reason: 'Reason',
        noReason: 'No reason given',
        comment: 'Comment (optional)',
        save: 'Save rating',
        saved: 'Rating saved.',
        pickRating: 'Pick 👍 or 👎 first.',
        reasons: { incorrect: 'Incorrect', incomplete: 'Incomplete', outdated: 'Outdated', irrelevant: 'Not relevant', other: 'Other' },
      },
    },
  },
}

const zhCN: typeof en = {
  console: {
    support: {
      feedback: {
        label: '对此回答的评价',
        up: '👍 有帮助',
        down: '👎 没帮助',
        by: '{{name}} · {{time}}',
        history: '之前的评价（{{count}}）',
        rate: '评价此回答',
        changeRating: '修改你的评价',
        yourRating: '你的评价',
        reason: '原因',
        noReason: '不说明原因',
        comment: '备注（可选）',
        save: '保存评价',
        saved: '评价已保存。',
        pickRating: '请先选择 👍 或 👎。',
        reasons: { incorrect: '不正确', incomplete: '不完整', outdated: '已过时', irrelevant: '不相关', other: '其他' },
      },
    },
  },
}

registerTexts({ en, zhCN })
