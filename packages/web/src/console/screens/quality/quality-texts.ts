import i18next from 'i18next'

/** The Quality screen's texts, English and 中文, merged into the app's translations under `console.quality`. */
const EN = {
  console: {
    nav: { quality: 'Quality' },
    quality: {
      heading: 'Quality: choosing and tuning the model',
      intro: 'Compare bot configurations on your own questions, see what went wrong in production, and add the answers your bots were missing.',
      tabs: { runs: 'Runs', sets: 'Eval sets', gaps: 'Knowledge gaps' },
      runs: {
        none: 'No runs yet. Start one from an eval set.',
        status: { queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' },
        progress: '{{completed}} of {{total}} answered',
        open: 'Open',
        cancel: 'Cancel run',
        figures: 'Figures per candidate',
        candidate: 'Candidate',
        answerMatch: 'Answer match',
        citationHit: 'Cited the right document',
        handoffRate: 'Declined / handed off',
        latency: 'Latency p50 / p95',
        tokens: 'Tokens in / out',
        cost: 'Estimated cost',
        judge: 'Judge score',
        items: 'Answers side by side',
        question: 'Question',
        expected: 'Expected',
        diffNote: 'Highlighted: words this answer has that the first candidate’s answer lacks.',
        matched: 'matches',
        missed: 'misses',
        declined: 'declined',
        failedAnswer: 'could not answer ({{code}})',
        pending: 'not answered yet',
        back: 'All runs',
      },
      sets: {
        none: 'No eval sets yet.',
        items: '{{count}} questions · version {{version}}',
        createHeading: 'New eval set',
        name: 'Name',
        csv: 'Questions as CSV (header: question,expected,expectedDocumentIds; several values separated by |)',
        create: 'Create set',
        signalsHeading: 'Build from production',
        signalsIntro: 'Thumbs-down answers, questions handed to a person for missing knowledge, and low satisfaction ratings of the last 30 days.',
        fromSignals: 'Build set',
        runHeading: 'Run a comparison',
        set: 'Eval set',
        candidates: 'Candidates (one per line: bot id, or bot id and model, e.g. “helper qwen-max”)',
        start: 'Start run',
        started: 'Run started.',
        created: 'Set created.',
      },
      gaps: {
        none: 'No gaps: nothing was declined or rated down in the last 30 days.',
        count: '{{count}} times · {{declined}} declined · {{down}} rated down',
        examples: 'Asked as',
        addAnswer: 'Add an answer',
        knowledgeBase: 'Knowledge base',
        answer: 'Answer',
        save: 'Save to knowledge base',
        saved: 'Saved as a Q&A document.',
      },
      unavailable: '—',
    },
  },
}

const ZH: typeof EN = {
  console: {
    nav: { quality: '质量' },
    quality: {
      heading: '质量：选择和调优模型',
      intro: '用你自己的问题比较机器人配置，查看线上出了哪些问题，并补上机器人缺少的答案。',
      tabs: { runs: '运行', sets: '评测集', gaps: '知识空白' },
      runs: {
        none: '还没有运行。请从评测集开始一次运行。',
        status: { queued: '排队中', running: '运行中', done: '已完成', failed: '失败', cancelled: '已取消' },
        progress: '已回答 {{completed}} / {{total}}',
        open: '查看',
        cancel: '取消运行',
        figures: '各候选指标',
        candidate: '候选',
        answerMatch: '答案命中',
        citationHit: '引用了正确文档',
        handoffRate: '婉拒 / 转人工',
        latency: '延迟 p50 / p95',
        tokens: 'Token 输入 / 输出',
        cost: '预估成本',
        judge: '评审分',
        items: '并排对比回答',
        question: '问题',
        expected: '期望',
        diffNote: '高亮部分：该回答有、而第一个候选的回答没有的词语。',
        matched: '命中',
        missed: '未命中',
        declined: '已婉拒',
        failedAnswer: '未能回答（{{code}}）',
        pending: '尚未回答',
        back: '全部运行',
      },
      sets: {
        none: '还没有评测集。',
        items: '{{count}} 个问题 · 版本 {{version}}',
        createHeading: '新建评测集',
        name: '名称',
        csv: 'CSV 格式的问题（表头：question,expected,expectedDocumentIds；多个值用 | 分隔）',
        create: '创建评测集',
        signalsHeading: '从线上生成',
        signalsIntro: '最近 30 天被点 👎 的回答、因缺少知识而转人工的问题，以及满意度低分的对话。',
        fromSignals: '生成评测集',
        runHeading: '运行对比',
        set: '评测集',
        candidates: '候选（每行一个：机器人 id，或机器人 id 加模型，如“helper qwen-max”）',
        start: '开始运行',
        started: '已开始运行。',
        created: '评测集已创建。',
      },
      gaps: {
        none: '没有知识空白：最近 30 天没有婉拒或被点 👎 的问题。',
        count: '{{count}} 次 · 婉拒 {{declined}} 次 · 👎 {{down}} 次',
        examples: '问法',
        addAnswer: '补充答案',
        knowledgeBase: '知识库',
        answer: '答案',
        save: '保存到知识库',
        saved: '已保存为问答文档。',
      },
      unavailable: '—',
    },
  },
}

function add(): void {
  i18next.addResourceBundle('en', 'translation', EN, true, false)
  i18next.addResourceBundle('zh-CN', 'translation', ZH, true, false)
}

/** Adds the texts once i18next is up (the shell imports this before `initI18n` runs). */
export function registerQualityTexts(): void {
  if (i18next.isInitialized) add()
  else i18next.on('initialized', add)
}

registerQualityTexts()
