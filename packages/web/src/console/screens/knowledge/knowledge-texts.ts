import { registerTexts } from '../../register-texts.js'

const en = {
  console: {
    knowledge: {
      uploadFiles: 'Add files (PDF, Word .docx, CSV Q&A, Markdown, HTML, text)',
      addText: 'Add text',
      addUrl: 'Add a web page',
      title: 'Title',
      text: 'Text',
      format: 'Format',
      formats: { markdown: 'Markdown', text: 'Plain text', html: 'HTML' },
      url: 'Address (URL)',
      urlHint: 'The page is fetched and read once; for a whole site that stays in sync, add a source below.',
      add: 'Add',
      showPassages: 'Passages',
      hidePassages: 'Hide passages',
      passagesOf: 'Passages of {{title}}',
      noPassages: 'No passages yet.',
      tokens: '{{count}} tokens',
      reindex: 'Re-index',
      reindexed: '{{title}} is being indexed again.',
      delete: 'Delete',
      confirmDelete: 'Delete {{title}} and its passages? Bots stop citing it at once.',
      confirmDeleteButton: 'Delete document',
      deleted: '{{title}} was deleted.',
      noDocuments: 'No documents yet: add files, text or a web page.',
    },
  },
}

const zhCN: typeof en = {
  console: {
    knowledge: {
      uploadFiles: '添加文件（PDF、Word .docx、CSV 问答、Markdown、HTML、纯文本）',
      addText: '添加文本',
      addUrl: '添加网页',
      title: '标题',
      text: '正文',
      format: '格式',
      formats: { markdown: 'Markdown', text: '纯文本', html: 'HTML' },
      url: '地址（URL）',
      urlHint: '网页只抓取并读取一次；若要整站持续同步，请在下方添加来源。',
      add: '添加',
      showPassages: '段落',
      hidePassages: '收起段落',
      passagesOf: '{{title}} 的段落',
      noPassages: '还没有段落。',
      tokens: '{{count}} 个 token',
      reindex: '重新索引',
      reindexed: '正在重新索引 {{title}}。',
      delete: '删除',
      confirmDelete: '删除 {{title}} 及其全部段落？机器人将立即不再引用它。',
      confirmDeleteButton: '删除文档',
      deleted: '已删除 {{title}}。',
      noDocuments: '还没有文档：添加文件、文本或网页。',
    },
  },
}

registerTexts({ en, zhCN })
