/** Pieces shared by the person-level (aggregate) dataset definitions. */
export const text = (vi: string, en: string) => ({ vi, en });

export const PROVINCE_DIMENSION = (field: string) => ({
  name: 'province',
  title: text('Tỉnh/thành phố', 'Province'),
  description: text('Tỉnh/thành phố (danh mục 34 tỉnh từ 01/7/2025)', 'Province (list of 34 provinces from 2025-07-01)'),
  source: { kind: 'province' as const, field },
});

export const SEX_DIMENSION = (field: string) => ({
  name: 'sex',
  title: text('Giới tính', 'Sex'),
  description: text('Giới tính', 'Sex'),
  source: {
    kind: 'category' as const,
    field,
    categories: [
      { code: 'male', label: text('Nam', 'Male'), values: ['Nam', 'M', 'Male', '1'] },
      { code: 'female', label: text('Nữ', 'Female'), values: ['Nữ', 'Nu', 'F', 'Female', '2'] },
    ],
  },
});

/** The snapshot period of a register's state (see the `snapshot` release). */
export const SNAPSHOT_DIMENSION = (cadence: 'month' | 'quarter' | 'year') => ({
  name: 'snapshot',
  title: text('Kỳ số liệu', 'Snapshot period'),
  description: text(
    'Kỳ (tháng, quý hoặc năm) của ảnh chụp sổ đăng ký; mỗi kỳ được công bố một lần và không sửa lại',
    'The period (month, quarter or year) of the register snapshot; each period is published once and never revised',
  ),
  source: { kind: 'snapshot' as const, cadence },
});

export const DATE_FORMATS = ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%d/%m/%Y'];

/** Five-year bands, under-1 and 1–4 apart, top-coded at 90+. */
export const LIFE_AGE_BANDS = [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90];

export const PERSON = {
  name: (field: string) => ({ name: field, class: 'personal' as const, description: text('Họ và tên', 'Full name') }),
  citizenId: (field: string) => ({
    name: field,
    class: 'personal' as const,
    description: text(
      'Số định danh cá nhân (CCCD): mã định danh y tế, Điều 6',
      'Personal identification number (CCCD): the health identifier, Art. 6',
    ),
  }),
  birthDate: (field: string) => ({ name: field, class: 'personal' as const, description: text('Ngày sinh', 'Date of birth') }),
  sex: (field: string) => ({ name: field, class: 'personal' as const, description: text('Giới tính', 'Sex') }),
  province: (field: string) => ({ name: field, class: 'personal' as const, description: text('Mã tỉnh/thành phố', 'Province code') }),
};
