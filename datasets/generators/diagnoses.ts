/**
 * Main diagnoses of health-care encounters (ICD-10, WHO 2019 edition) for synthetic claim records:
 * every chapter, each with the share of encounters it takes in each care type, and a few common
 * codes with relative weights within the chapter.
 *
 * The shares are rough, meant to look like Vietnamese insured care, not to be statistics:
 * respiratory infections, hypertension, diabetes and lipids, gastritis and back pain fill outpatient
 * clinics; cancer treatment, rehabilitation and dialysis fill day care; pneumonia, injuries,
 * childbirth and the newborn take a larger share of admissions. Every code is valid in the WHO 2019
 * edition (three characters only where the category has no subdivisions, e.g. `I10`, `R51`).
 */
import { Weighted } from './random.ts';

export type CareType = 'outpatient' | 'day' | 'inpatient';

export type Chapter = {
  /** Roman numeral, as the icd10-chapter dimension writes it. */
  chapter: string;
  /** Share (%) of encounters of each care type with a main diagnosis in the chapter. */
  share: Readonly<Record<CareType, number>>;
  /** `[code, weight within the chapter]`. */
  codes: ReadonlyArray<readonly [string, number]>;
};

const share = (outpatient: number, day: number, inpatient: number) => ({ outpatient, day, inpatient });

export const ENCOUNTER_CHAPTERS: readonly Chapter[] = [
  {
    chapter: 'I',
    share: share(3, 3, 7),
    codes: [
      ['A09.0', 25],
      ['A08.4', 6],
      ['A97.0', 10],
      ['A97.1', 4],
      ['B34.9', 15],
      ['B18.1', 12],
      ['B02.9', 6],
      ['B01.9', 4],
      ['B08.4', 5],
      ['B35.4', 4],
      ['B86', 3],
      ['A15.0', 4],
      ['B20.9', 2],
    ],
  },
  {
    chapter: 'II',
    share: share(2, 14, 6),
    codes: [
      ['C50.9', 6],
      ['C34.9', 5],
      ['C22.0', 5],
      ['C16.9', 4],
      ['C18.9', 4],
      ['C20', 2],
      ['C73', 3],
      ['C53.9', 2],
      ['C11.9', 2],
      ['C61', 1],
      ['D25.9', 6],
      ['D24', 3],
      ['D17.9', 3],
    ],
  },
  {
    chapter: 'III',
    share: share(0.6, 2, 1),
    codes: [
      ['D50.9', 6],
      ['D64.9', 5],
      ['D56.1', 3],
      ['D69.6', 2],
      ['D61.9', 1],
    ],
  },
  {
    chapter: 'IV',
    share: share(10, 8, 5),
    codes: [
      ['E11.9', 40],
      ['E11.2', 5],
      ['E14.9', 6],
      ['E78.5', 25],
      ['E78.0', 5],
      ['E04.9', 4],
      ['E05.9', 2],
      ['E03.9', 2],
      ['E79.0', 2],
      ['E87.1', 1],
    ],
  },
  {
    chapter: 'V',
    share: share(1.5, 5, 1.5),
    codes: [
      ['F41.9', 6],
      ['F32.9', 4],
      ['F20.9', 5],
      ['F51.0', 4],
      ['F10.2', 2],
      ['F45.9', 2],
      ['F03', 1],
      ['F84.0', 1],
    ],
  },
  {
    chapter: 'VI',
    share: share(2.5, 8, 2.5),
    codes: [
      ['G44.2', 8],
      ['G43.9', 4],
      ['G40.9', 4],
      ['G47.0', 4],
      ['G51.0', 3],
      ['G45.9', 2],
      ['G56.0', 2],
      ['G20', 2],
      ['G62.9', 2],
      ['G81.9', 2],
    ],
  },
  {
    chapter: 'VII',
    share: share(4, 1.5, 1.5),
    codes: [
      ['H10.9', 10],
      ['H25.9', 8],
      ['H52.1', 6],
      ['H04.1', 4],
      ['H00.0', 3],
      ['H11.0', 3],
      ['H40.9', 2],
      ['H16.9', 1],
    ],
  },
  {
    chapter: 'VIII',
    share: share(1.2, 1, 0.8),
    codes: [
      ['H66.9', 8],
      ['H65.9', 3],
      ['H60.9', 3],
      ['H81.1', 3],
      ['H91.9', 2],
      ['H61.2', 2],
    ],
  },
  {
    chapter: 'IX',
    share: share(17, 10, 13),
    codes: [
      ['I10', 60],
      ['I11.9', 8],
      ['I25.9', 6],
      ['I20.9', 4],
      ['I50.9', 3],
      ['I63.9', 5],
      ['I64', 2],
      ['I69.4', 3],
      ['I48.9', 2],
      ['I67.9', 2],
      ['I83.9', 2],
      ['I21.9', 1],
    ],
  },
  {
    chapter: 'X',
    share: share(18, 6, 18),
    codes: [
      ['J06.9', 30],
      ['J02.9', 15],
      ['J20.9', 15],
      ['J00', 8],
      ['J18.9', 8],
      ['J03.9', 6],
      ['J31.2', 6],
      ['J30.4', 5],
      ['J01.9', 5],
      ['J44.9', 5],
      ['J45.9', 4],
      ['J32.9', 4],
      ['J21.9', 3],
      ['J11.1', 3],
      ['J04.0', 2],
    ],
  },
  {
    chapter: 'XI',
    share: share(10, 5, 11),
    codes: [
      ['K29.7', 25],
      ['K21.9', 12],
      ['K30', 8],
      ['K02.9', 6],
      ['K76.0', 6],
      ['K04.0', 4],
      ['K52.9', 4],
      ['K05.1', 3],
      ['K59.0', 3],
      ['K58.9', 3],
      ['K64.9', 3],
      ['K74.6', 2],
      ['K80.2', 2],
      ['K35.8', 2],
      ['K40.9', 2],
      ['K25.9', 2],
    ],
  },
  {
    chapter: 'XII',
    share: share(2.5, 1.5, 1.5),
    codes: [
      ['L30.9', 10],
      ['L50.9', 6],
      ['L20.9', 4],
      ['L70.0', 3],
      ['L02.9', 3],
      ['L23.9', 3],
      ['L03.9', 2],
      ['L40.9', 2],
    ],
  },
  {
    chapter: 'XIII',
    share: share(9, 15, 4),
    codes: [
      ['M54.5', 20],
      ['M17.9', 10],
      ['M54.2', 8],
      ['M47.8', 6],
      ['M10.9', 5],
      ['M79.1', 5],
      ['M51.1', 5],
      ['M19.9', 4],
      ['M81.9', 4],
      ['M25.5', 4],
      ['M06.9', 2],
      ['M75.1', 2],
    ],
  },
  {
    chapter: 'XIV',
    share: share(4, 10, 5),
    codes: [
      ['N39.0', 12],
      ['N18.5', 5],
      ['N18.9', 2],
      ['N20.0', 5],
      ['N40', 6],
      ['N76.0', 5],
      ['N72', 4],
      ['N30.0', 3],
      ['N95.1', 3],
      ['N92.0', 2],
      ['N60.1', 2],
    ],
  },
  {
    chapter: 'XV',
    share: share(1.2, 1, 8),
    codes: [
      ['O34.2', 8],
      ['O20.0', 6],
      ['O42.9', 4],
      ['O21.0', 3],
      ['O47.9', 3],
      ['O24.4', 3],
      ['O48', 3],
      ['O60.1', 2],
      ['O03.9', 2],
      ['O36.5', 2],
      ['O13', 2],
      ['O70.0', 2],
    ],
  },
  {
    chapter: 'XVI',
    share: share(0.15, 0.3, 2),
    codes: [
      ['P59.9', 10],
      ['P07.3', 4],
      ['P22.0', 2],
      ['P36.9', 2],
      ['P39.9', 2],
      ['P92.9', 1],
    ],
  },
  {
    chapter: 'XVII',
    share: share(0.15, 0.3, 0.5),
    codes: [
      ['Q21.0', 2],
      ['Q21.1', 1],
      ['Q53.9', 2],
      ['Q35.9', 1],
      ['Q66.0', 1],
      ['Q25.0', 1],
      ['Q90.9', 1],
    ],
  },
  {
    chapter: 'XVIII',
    share: share(4, 2, 3),
    codes: [
      ['R50.9', 20],
      ['R51', 10],
      ['R10.4', 10],
      ['R05', 8],
      ['R42', 8],
      ['R07.4', 4],
      ['R11', 3],
      ['R53', 2],
      ['R55', 2],
      ['R06.0', 2],
    ],
  },
  {
    chapter: 'XIX',
    share: share(4, 3, 10),
    codes: [
      ['S06.0', 5],
      ['S93.4', 5],
      ['S52.5', 4],
      ['S01.8', 4],
      ['S61.0', 4],
      ['T78.4', 4],
      ['S72.0', 3],
      ['S80.0', 3],
      ['S09.9', 3],
      ['S82.2', 2],
      ['S62.6', 2],
      ['S42.0', 2],
      ['T63.0', 1],
      ['T30.0', 1],
    ],
  },
  {
    chapter: 'XX',
    share: share(0.1, 0.1, 0.2),
    codes: [
      ['W54', 5],
      ['W57', 3],
      ['W19', 2],
      ['V89.2', 2],
      ['X20', 1],
    ],
  },
  {
    chapter: 'XXI',
    share: share(4.5, 4, 1),
    codes: [
      ['Z00.0', 20],
      ['Z34.9', 10],
      ['Z76.0', 8],
      ['Z09.8', 6],
      ['Z49.1', 5],
      ['Z51.1', 4],
      ['Z01.4', 3],
      ['Z48.0', 3],
      ['Z30.0', 2],
      ['Z02.7', 2],
    ],
  },
  {
    chapter: 'XXII',
    share: share(0.05, 0.05, 0.1),
    codes: [
      ['U07.1', 5],
      ['U07.2', 1],
    ],
  },
];

/** Chapters drawn by their share in a care type, then a code of the chapter by its weight. */
export class DiagnosisDraw {
  readonly chapters: Readonly<Record<CareType, Weighted<Chapter>>>;
  readonly codes: ReadonlyMap<string, Weighted<string>>;

  constructor() {
    const by = (care: CareType) => new Weighted(ENCOUNTER_CHAPTERS.map((c) => [c, c.share[care]] as const));
    this.chapters = { outpatient: by('outpatient'), day: by('day'), inpatient: by('inpatient') };
    this.codes = new Map(ENCOUNTER_CHAPTERS.map((c) => [c.chapter, new Weighted(c.codes)]));
  }
}
