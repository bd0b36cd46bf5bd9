import { readFile } from 'node:fs/promises'
import path from 'node:path'

/** One evaluation document (an article or a passage). */
export interface EvalDocument {
  title: string
  text: string
}

/** One question with its acceptable answers. */
export interface EvalQuestion {
  question: string
  answers: string[]
}

/** A dataset ready for retrieval evaluation. */
export interface EvalDataset {
  name: string
  language: 'en' | 'zh'
  /** Characters of retrieved text a question may use. */
  budgetChars: number
  documents: EvalDocument[]
  questions: EvalQuestion[]
}

interface SquadFile {
  data: { title: string; paragraphs: { context: string; qas: { question: string; answers: { text: string }[] }[] }[] }[]
}

/**
 * Reads a SQuAD-format file. `perArticle`: the paragraphs of an article joined into one document
 * (XQuAD); otherwise one document per paragraph (CMRC 2018).
 */
export async function loadSquad(file: string, name: string, language: 'en' | 'zh', budgetChars: number, perArticle: boolean): Promise<EvalDataset> {
  const squad = JSON.parse(await readFile(file, 'utf8')) as SquadFile
  const documents: EvalDocument[] = []
  const questions: EvalQuestion[] = []
  for (const article of squad.data) {
    const title = article.title.replace(/_/g, ' ').trim() || 'Untitled'
    if (perArticle) documents.push({ title, text: article.paragraphs.map((paragraph) => paragraph.context).join('\n\n') })
    article.paragraphs.forEach((paragraph, index) => {
      if (!perArticle) documents.push({ title: article.paragraphs.length > 1 ? `${title} (${index + 1})` : title, text: paragraph.context })
      for (const qa of paragraph.qas) questions.push({ question: qa.question, answers: [...new Set(qa.answers.map((answer) => answer.text))] })
    })
  }
  return { name, language, budgetChars, documents, questions }
}

/** The datasets directory: `WARBLER_DATASETS_DIR`, or `../shared/datasets` beside the repository. */
export function datasetsDir(repoRoot: string): string {
  return process.env.WARBLER_DATASETS_DIR ?? path.resolve(repoRoot, '../shared/datasets')
}

/** XQuAD en and zh (one document per article) and CMRC 2018 dev (one per passage). */
export async function loadAllDatasets(directory: string): Promise<EvalDataset[]> {
  return [
    await loadSquad(path.join(directory, 'xquad/xquad.en.json'), 'xquad-en', 'en', 1500, true),
    await loadSquad(path.join(directory, 'xquad/xquad.zh.json'), 'xquad-zh', 'zh', 800, true),
    await loadSquad(path.join(directory, 'cmrc2018/cmrc2018_dev.json'), 'cmrc2018-dev', 'zh', 800, false),
  ]
}
