/** Values shared by every dataset definition. */
export const MINISTRY_OF_HEALTH = {
  name: { vi: 'Bộ Y tế', en: 'Ministry of Health of Viet Nam' },
  url: 'https://moh.gov.vn',
  email: 'opendata@moh.gov.vn',
} as const;

export const OPEN_LICENCE = {
  id: 'CC-BY-4.0',
  title: 'Creative Commons Attribution 4.0 International',
  url: 'https://creativecommons.org/licenses/by/4.0/',
} as const;
