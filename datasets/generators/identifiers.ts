/**
 * Synthetic but well-formed identifiers: citizen IDs, health-insurance card numbers, phone numbers,
 * e-mail addresses, and the "canaries" planted in free text to prove that the identifier gate works.
 *
 * The formats are the real ones (so detectors and validators see the shapes they will meet), the
 * digits are drawn at random: they identify nobody.
 */
import { Rng, streamOf } from './random.ts';
import { asciiHandle, type Sex } from './names.ts';

/** The century/sex digit of a citizen ID: 0/1 = born 1900–1999 male/female, 2/3 = 2000–2099. */
export function centurySexDigit(sex: Sex, birthYear: number): number {
  const century = Math.floor(birthYear / 100) - 19;
  if (century < 0 || century > 1) throw new RangeError(`citizen IDs are generated for births 1900–2099, got ${birthYear}`);
  return century * 2 + (sex === 'F' ? 1 : 0);
}

/**
 * A 12-digit citizen ID (số CCCD / số định danh cá nhân): `0` + the two-digit code of the earlier
 * province of registration, the century/sex digit, the last two digits of the year of birth and
 * six random digits. `079203123456`: registered in Hồ Chí Minh City, female, born 2003.
 */
export function citizenId(rng: Rng, oldProvinceCode: string, sex: Sex, birthYear: number): string {
  return `0${oldProvinceCode}${centurySexDigit(sex, birthYear)}${String(birthYear % 100).padStart(2, '0')}${rng.digits(6)}`;
}

/** The parts of a citizen ID, or undefined when it is not 12 digits. */
export function parseCitizenId(id: string): { provincePrefix: string; sex: Sex; birthYear2: string; century: number } | undefined {
  if (!/^\d{12}$/.test(id)) return undefined;
  const digit = Number(id[3]);
  return {
    provincePrefix: id.slice(0, 3),
    sex: digit % 2 === 0 ? 'M' : 'F',
    birthYear2: id.slice(4, 6),
    century: 19 + Math.floor(digit / 2),
  };
}

/**
 * A health-insurance card number (mã thẻ BHYT, 15 characters): two letters for the beneficiary
 * group (`DN`, `HT`, `TE`, `GD`…), the benefit level 1–5, the two-digit province code and ten digits.
 */
export function bhytCard(rng: Rng, group: string, level: number, provinceCode: string): string {
  return `${group}${level}${provinceCode}${rng.digits(10)}`;
}

/** A mobile number `09xxxxxxxx`. */
export const phoneNumber = (rng: Rng): string => `09${rng.digits(8)}`;

const MAIL_DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com.vn', 'outlook.com', 'hotmail.com'];

/** An invented e-mail address derived from a name (`nguyenthithuhuong87@gmail.com`). */
export const emailFor = (rng: Rng, name: string): string =>
  `${asciiHandle(name).slice(0, 20) || 'lienhe'}${rng.range(10, 99)}@${rng.pick(MAIL_DOMAINS)}`;

/** Share of rows that get a canary when canaries are asked for. */
export const CANARY_RATE = 0.01;

/** Finds what a canary plants: a `09xxxxxxxx` phone number or an e-mail address. */
export const CANARY_PATTERN = /(?<!\d)09\d{8}(?!\d)|[a-z0-9._-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/i;

/**
 * `text` with an identifier appended the way people leave them in free-text fields:
 * `Nguyễn Văn An - SĐT 0912345678`, `Trần Thị Mai (tranthimai42@gmail.com)`.
 */
export function withCanary(rng: Rng, text: string, nameForEmail = text): string {
  if (rng.chance(0.5)) {
    const phone = phoneNumber(rng);
    switch (rng.int(4)) {
      case 0:
        return `${text} - ${phone}`;
      case 1:
        return `${text} - SĐT ${phone}`;
      case 2:
        return `${text} (ĐT: ${phone})`;
      default:
        return `${text}, liên hệ ${phone}`;
    }
  }
  const mail = emailFor(rng, nameForEmail);
  switch (rng.int(3)) {
    case 0:
      return `${text} (${mail})`;
    case 1:
      return `${text} - email: ${mail}`;
    default:
      return `${text}, ${mail}`;
  }
}

/**
 * Decides, row by row, whether to plant a canary. It draws from its own stream (derived from the
 * seed), so the rows of an export with canaries equal those without, except for the planted text.
 */
export class Canaries {
  private readonly rng: Rng | undefined;

  constructor(enabled: boolean | undefined, rngFactory: () => Rng) {
    this.rng = enabled ? rngFactory() : undefined;
  }

  /** The Rng to plant with in this row, or undefined for a row without a canary. */
  next(): Rng | undefined {
    const rng = this.rng;
    return rng && rng.chance(CANARY_RATE) ? rng : undefined;
  }
}

/**
 * The two random streams of a dataset's generator: the rows' (`rng`), and the canaries' (drawn
 * apart so that turning canaries on changes nothing but the planted text).
 */
export function seededStreams(datasetId: string, opts: { seed: number; canaries?: boolean }): { rng: Rng; canaries: Canaries } {
  const stream = streamOf(datasetId);
  return { rng: new Rng(opts.seed, stream), canaries: new Canaries(opts.canaries, () => new Rng(opts.seed, (stream ^ 0x5bd1e995) >>> 0)) };
}
