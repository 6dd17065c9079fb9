/**
 * Synthetic people: age (Vietnam's age pyramid, roughly 2024), sex, date of birth, name and
 * citizen ID, consistent with each other and with a province of residence.
 */
import { dayNumber, isoDate, yearOf } from './dates.ts';
import { registrationProvince, type ProvinceInfo } from './geo.ts';
import { citizenId } from './identifiers.ts';
import { fullName, type Sex } from './names.ts';
import type { Rng } from './random.ts';

/** Share of the population (%) by five-year age group 0–4, 5–9, …, 95–99 (rough 2024 estimate). */
const PYRAMID = [7.3, 8.0, 7.8, 7.0, 6.7, 7.4, 8.0, 8.0, 7.5, 7.0, 6.2, 5.5, 4.8, 3.8, 2.5, 1.5, 1.0, 0.6, 0.3, 0.1];

/** An age distribution over single years 0–99, from which ranges can be drawn. */
export class AgeDistribution {
  private readonly cumulative: Float64Array;

  /** `weights[a]` is the weight of age a (0–99). */
  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length + 1);
    weights.forEach((w, a) => {
      this.cumulative[a + 1] = (this.cumulative[a] as number) + Math.max(0, w);
    });
  }

  get maxAge(): number {
    return this.cumulative.length - 2;
  }

  /** The weight of one age (0 outside the distribution). */
  weight(age: number): number {
    return age < 0 || age > this.maxAge ? 0 : (this.cumulative[age + 1] as number) - (this.cumulative[age] as number);
  }

  /** An age in [min, max] with the distribution's relative weights. */
  pick(rng: Rng, min = 0, max = this.maxAge): number {
    const c = this.cumulative;
    const lo0 = c[min] as number;
    const hi0 = c[max + 1] as number;
    if (hi0 <= lo0) return rng.range(min, max);
    const x = lo0 + rng.next() * (hi0 - lo0);
    let lo = min;
    let hi = max;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x < (c[mid + 1] as number)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** The population's age distribution, 0–99. */
export const POPULATION_AGES = new AgeDistribution(PYRAMID.flatMap((share) => [share, share, share, share, share].map((s) => s / 5)));

/** A day of birth for someone who is `age` years old on day `on`. */
export function birthDayForAge(rng: Rng, age: number, on: number): number {
  const iso = isoDate(on);
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const latest = dayNumber(y - age, m, d);
  const earliest = dayNumber(y - age - 1, m, d) + 1;
  return earliest + rng.int(latest - earliest + 1);
}

export type Person = {
  name: string;
  sex: Sex;
  birthDay: number;
  birthYear: number;
  citizenId: string;
};

/**
 * A person of this sex, born on `birthDay`, living in `province`: name by region and decade, and a
 * citizen ID whose prefix is the earlier province of registration (mostly one inside `province`).
 */
export function person(rng: Rng, province: ProvinceInfo, sex: Sex, birthDay: number): Person {
  const birthYear = yearOf(birthDay);
  const registered = registrationProvince(rng, province);
  return {
    name: fullName(rng, sex, birthYear, province.region),
    sex,
    birthDay,
    birthYear,
    citizenId: citizenId(rng, registered.oldCode, sex, birthYear),
  };
}

/** `M` with probability `maleShare`. */
export const drawSex = (rng: Rng, maleShare = 0.5): Sex => (rng.chance(maleShare) ? 'M' : 'F');

/** `Nam` / `Nữ`. */
export const sexLabel = (sex: Sex): string => (sex === 'M' ? 'Nam' : 'Nữ');
