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
        reasons: { incorrect: '不正确', incomplete: '不完整', outdated: '已过时', irrelevant: '不相关', other: '其他' },
      },
    },
  },
}

registerTexts({ en, zhCN })
