/**
 * Decree 102/2025/ND-CP as data. The numbers are the decree's own (Art. 5 categories, Art. 9.2
 * letters); test/unit/policy.test.ts pins this table to the decree text in ../shared/seeds.
 */

export const DECREE = {
  id: '102/2025/NĐ-CP',
  title: {
    vi: 'Nghị định 102/2025/NĐ-CP quy định về quản lý dữ liệu y tế',
    en: 'Decree 102/2025/ND-CP on the management of health data',
  },
  inForce: '2025-07-01',
} as const;

/** Art. 5: the 24 categories of health-sector data. */
export const CATEGORIES = {
  1: { vi: 'Y tế dự phòng', en: 'Preventive medicine' },
  2: { vi: 'Bảo vệ môi trường trong lĩnh vực y tế', en: 'Environmental protection in health' },
  3: { vi: 'Khám bệnh, chữa bệnh, phục hồi chức năng', en: 'Examination, treatment, rehabilitation' },
  4: { vi: 'Giám định y khoa, pháp y, pháp y tâm thần', en: 'Medical assessment, forensic medicine and psychiatry' },
  5: { vi: 'Y, dược cổ truyền', en: 'Traditional medicine and pharmacy' },
  6: { vi: 'Dược', en: 'Pharmacy (medicines)' },
  7: { vi: 'Mỹ phẩm', en: 'Cosmetics' },
  8: { vi: 'An toàn thực phẩm thuộc ngành y tế', en: 'Food safety under the health sector' },
  9: { vi: 'Thiết bị y tế', en: 'Medical devices' },
  10: { vi: 'Cơ sở hạ tầng y tế', en: 'Health infrastructure' },
  11: { vi: 'Dân số', en: 'Population' },
  12: { vi: 'Sức khỏe bà mẹ - trẻ em, sức khỏe sinh sản', en: 'Maternal and child health, reproductive health' },
  13: { vi: 'Bảo hiểm y tế', en: 'Health insurance' },
  14: { vi: 'Truyền thông, giáo dục sức khỏe', en: 'Health communication and education' },
  15: { vi: 'Khoa học, công nghệ trong y tế', en: 'Science and technology in health' },
  16: { vi: 'Hợp tác quốc tế trong y tế', en: 'International cooperation in health' },
  17: { vi: 'Ứng dụng công nghệ thông tin, chuyển đổi số y tế', en: 'IT and digital transformation in health' },
  18: { vi: 'Tài chính y tế', en: 'Health finance' },
  19: { vi: 'Thanh tra y tế', en: 'Health inspection' },
  20: { vi: 'Nhân lực y tế', en: 'Health workforce' },
  21: { vi: 'Đào tạo nhân lực y tế', en: 'Training of the health workforce' },
  22: { vi: 'Thủ tục hành chính trong ngành y tế', en: 'Administrative procedures in health' },
  23: { vi: 'Văn bản pháp quy, quản lý, điều hành', en: 'Legal and management documents' },
  24: { vi: 'Các cơ sở y tế', en: 'Medical facilities' },
} as const;

export type CategoryNumber = keyof typeof CATEGORIES;
export const CATEGORY_NUMBERS = Object.keys(CATEGORIES).map(Number) as CategoryNumber[];

/**
 * How a source field is classified. Only `open` may ever reach a published byte; every other
 * class names the provision that keeps it closed.
 */
export const FIELD_CLASSES = ['open', 'personal', 'business-secret', 'private-secret', 'family-secret', 'state-secret'] as const;
export type FieldClass = (typeof FIELD_CLASSES)[number];

export interface ClosedClassRule {
  provision: string;
  vi: string;
  en: string;
  /** Art. 5 categories the provision names; undefined = applies to every category. */
  categories?: readonly CategoryNumber[];
}

/** Art. 9.2 (a)–(c), Art. 6 + 10.2.c (personal data) and Art. 1.2 (state secrets). */
export const CLOSED_CLASSES: Record<Exclude<FieldClass, 'open'>, ClosedClassRule> = {
  personal: {
    provision: 'Art. 6, Art. 10.2.c',
    vi: 'Dữ liệu cá nhân: chỉ được cung cấp khi có sự đồng ý của chủ thể dữ liệu và đơn vị quản lý',
    en: 'Personal data: shared only with the consent of the data subject and the data manager',
  },
  'business-secret': {
    provision: 'Art. 9.2.a',
    vi: 'Bí mật kinh doanh: chỉ tiếp cận khi chủ sở hữu đồng ý',
    en: 'Business secret: accessible only with the owner’s consent',
    categories: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15, 17, 18, 19, 24],
  },
  'private-secret': {
    provision: 'Art. 9.2.b',
    vi: 'Bí mật đời sống riêng tư, bí mật cá nhân: chỉ tiếp cận khi người đó đồng ý',
    en: 'Private life or personal secret: accessible only with the person’s consent',
    categories: [1, 3, 4, 5, 6, 11, 12, 13, 15, 19, 20],
  },
  'family-secret': {
    provision: 'Art. 9.2.c',
    vi: 'Bí mật gia đình: chỉ tiếp cận khi các thành viên gia đình đồng ý',
    en: 'Family secret: accessible only with the family members’ consent',
    categories: [1, 3, 4, 5, 6, 11, 12, 13, 15, 19],
  },
  'state-secret': {
    provision: 'Art. 1.2',
    vi: 'Bí mật nhà nước: ngoài phạm vi của Nghị định, không bao giờ công bố',
    en: 'State secret: outside the decree, never published',
  },
};

export const isPublishable = (fieldClass: FieldClass): boolean => fieldClass === 'open';

/** Why a field with this class was stripped, citing the provision (for reports and metadata). */
export function strippedReason(fieldClass: FieldClass): { provision: string; vi: string; en: string } {
  if (fieldClass === 'open') throw new Error('open fields are not stripped');
  const { provision, vi, en } = CLOSED_CLASSES[fieldClass];
  return { provision, vi, en };
}

export const UNCLASSIFIED_REASON = {
  provision: 'fail-closed',
  vi: 'Trường chưa được phân loại trong định nghĩa bộ dữ liệu: không công bố',
  en: 'Field not classified in the dataset definition: never published',
} as const;
