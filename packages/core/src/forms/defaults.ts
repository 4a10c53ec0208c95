import { CHECKPOINT_LABELS, type Checkpoint } from '../org.ts';
import type { ChoiceOption, Dimension, FormDefinition, Label, Question } from './definition.ts';

/**
 * What a new deployment ships with: one feedback form per checkpoint and the
 * issue taxonomy. Customer relations edits both from there; these are only
 * installed where nothing exists yet.
 */

export type DefaultCategory = { code: string; dimension: Dimension; label: Label };

export const DEFAULT_CATEGORIES: DefaultCategory[] = [
  { code: 'layout', dimension: 'product', label: { zh: '户型布局', en: 'Layout' } },
  { code: 'materials', dimension: 'product', label: { zh: '材料选用', en: 'Materials' } },
  { code: 'amenities', dimension: 'product', label: { zh: '配套设施', en: 'Amenities' } },
  { code: 'parking', dimension: 'product', label: { zh: '车位车库', en: 'Parking' } },
  { code: 'noise', dimension: 'product', label: { zh: '噪音', en: 'Noise' } },
  { code: 'landscape', dimension: 'product', label: { zh: '园林景观', en: 'Landscaping' } },
  { code: 'workmanship', dimension: 'engineering', label: { zh: '施工工艺', en: 'Workmanship' } },
  { code: 'leaks', dimension: 'engineering', label: { zh: '渗漏', en: 'Leaks' } },
  { code: 'cracks', dimension: 'engineering', label: { zh: '开裂', en: 'Cracks' } },
  { code: 'flatness', dimension: 'engineering', label: { zh: '平整度', en: 'Flatness' } },
  { code: 'windows_doors', dimension: 'engineering', label: { zh: '门窗', en: 'Windows and doors' } },
  { code: 'plumbing_electrical', dimension: 'engineering', label: { zh: '水电', en: 'Plumbing and electrical' } },
  { code: 'heating_cooling', dimension: 'engineering', label: { zh: '供暖制冷', en: 'Heating and cooling' } },
  { code: 'sales_promises', dimension: 'service', label: { zh: '销售承诺', en: 'Sales promises' } },
  { code: 'handover', dimension: 'service', label: { zh: '交付服务', en: 'Handover' } },
  { code: 'property_service', dimension: 'service', label: { zh: '物业服务', en: 'Property service' } },
  { code: 'responsiveness', dimension: 'service', label: { zh: '响应速度', en: 'Responsiveness' } },
  { code: 'repairs', dimension: 'service', label: { zh: '维修质量', en: 'Repair quality' } },
  { code: 'process', dimension: 'organisation', label: { zh: '流程制度', en: 'Process' } },
  {
    code: 'coordination',
    dimension: 'organisation',
    label: { zh: '部门协同', en: 'Coordination between departments' },
  },
  { code: 'response_time', dimension: 'organisation', label: { zh: '处理时效', en: 'Response time' } },
  { code: 'information', dimension: 'organisation', label: { zh: '信息告知', en: 'Keeping customers informed' } },
];

const l = (zh: string, en: string): Label => ({ zh, en });
const opts = (...pairs: [string, string, string][]): ChoiceOption[] =>
  pairs.map(([value, zh, en]) => ({ value, label: l(zh, en) }));
const yesNo = opts(['yes', '是', 'Yes'], ['no', '否', 'No']);

type Extra = Partial<Omit<Question, 'key' | 'type' | 'label'>>;
const ask = (
  key: string,
  type: Question['type'],
  label: Label,
  dimension: Dimension | null,
  extra: Extra = {},
): Question => ({
  key,
  type,
  label,
  dimension,
  required: false,
  ...extra,
});

/** The part every form shares: one rating per dimension, overall, NPS, the issue list, photos, notes. */
function form(checkpoint: Checkpoint, ratings: Record<Dimension, Label>, specific: Question[]): FormDefinition {
  const name = CHECKPOINT_LABELS[checkpoint];
  return {
    title: l(`${name.zh}反馈表`, `${name.en} feedback`),
    description: l(
      '按产品、工程、服务、组织保障四个维度记录客户意见。',
      'Record what the customer said under the four dimensions.',
    ),
    questions: [
      ask(
        'overall',
        'rating',
        l('客户对本次接触的总体满意度', 'Customer’s overall satisfaction with this contact'),
        null,
        { required: true },
      ),
      ask('overall_reason', 'textarea', l('客户不满意的主要原因', 'Main reason for dissatisfaction'), null, {
        required: true,
        showIf: { key: 'overall', op: 'lte', value: 2 },
      }),
      ...specific,
      ask('product_rating', 'rating', ratings.product, 'product'),
      ask('engineering_rating', 'rating', ratings.engineering, 'engineering'),
      ask('service_rating', 'rating', ratings.service, 'service'),
      ask('organisation_rating', 'rating', ratings.organisation, 'organisation'),
      ask('nps', 'nps', l('客户向亲友推荐本项目的可能性', 'How likely the customer is to recommend the project'), null),
      ask('issues', 'issues', l('客户提出的问题', 'Issues the customer raised'), null, {
        required: true,
        help: l('逐条记录；没有问题请勾选“本次无问题”。', 'One item per issue; tick “no issues” if there were none.'),
      }),
      ask('photos', 'photo', l('现场照片', 'Photos'), null, { maxPhotos: 6 }),
      ask('notes', 'textarea', l('其他记录', 'Other notes'), null),
    ],
  };
}

export const DEFAULT_FORMS: Record<Checkpoint, FormDefinition> = {
  1: form(
    1,
    {
      product: l('对规划产品的期待匹配度', 'How well the planned product fits expectations'),
      engineering: l('对品牌工程品质的认可度', 'Trust in the brand’s build quality'),
      service: l('对调研人员服务的满意度', 'Satisfaction with the interviewer'),
      organisation: l('调研组织安排的满意度', 'Satisfaction with how the survey was run'),
    },
    [
      ask('respondent', 'single', l('受访者类型', 'Respondent'), null, {
        required: true,
        options: opts(
          ['local_resident', '周边居民', 'Local resident'],
          ['prospect', '意向购房者', 'Prospective buyer'],
          ['nearby_owner', '周边楼盘业主', 'Owner nearby'],
          ['other', '其他', 'Other'],
        ),
      }),
      ask('budget', 'number', l('可接受总价（万元）', 'Acceptable total price (10k CNY)'), 'product', {
        min: 0,
        max: 10000,
      }),
      ask('priorities', 'multiple', l('最看重的配套', 'Amenities that matter most'), 'product', {
        options: opts(
          ['school', '学位', 'School places'],
          ['transport', '交通', 'Transport'],
          ['commerce', '商业', 'Shops'],
          ['park', '公园', 'Parks'],
          ['hospital', '医疗', 'Healthcare'],
        ),
      }),
    ],
  ),
  2: form(
    2,
    {
      product: l('对户型与配置方案的满意度', 'Satisfaction with the unit mix and specification'),
      engineering: l('对拟用工艺与材料的认可度', 'Trust in the planned materials and methods'),
      service: l('对沟通过程的满意度', 'Satisfaction with the conversation'),
      organisation: l('座谈会组织的满意度', 'Satisfaction with how the focus group was run'),
    },
    [
      ask('unit_preference', 'single', l('偏好的户型', 'Preferred unit type'), 'product', {
        required: true,
        options: opts(
          ['two_bed', '两房', 'Two bedrooms'],
          ['three_bed', '三房', 'Three bedrooms'],
          ['four_bed', '四房', 'Four bedrooms'],
          ['large_flat', '大平层', 'Large flat'],
        ),
      }),
      ask('amenity_wishes', 'multiple', l('希望的社区配套', 'Community amenities wanted'), 'product', {
        options: opts(
          ['clubhouse', '会所', 'Clubhouse'],
          ['pool', '泳池', 'Pool'],
          ['playground', '儿童乐园', 'Playground'],
          ['gym', '健身', 'Gym'],
          ['elderly', '长者活动', 'Elderly activities'],
        ),
      }),
      ask('parking_spaces', 'number', l('需要的车位数', 'Parking spaces needed'), 'product', { min: 0, max: 4 }),
    ],
  ),
  3: form(
    3,
    {
      product: l('对样板房与产品的满意度', 'Satisfaction with the show flat and product'),
      engineering: l('对展示工艺的认可度', 'Impression of the workmanship on show'),
      service: l('对置业顾问服务的满意度', 'Satisfaction with the sales adviser'),
      organisation: l('开盘现场组织的满意度', 'Satisfaction with how the launch was run'),
    },
    [
      ask(
        'promises_clear',
        'single',
        l('销售承诺是否清楚、书面告知', 'Were sales promises clear and in writing?'),
        'service',
        { required: true, options: yesNo },
      ),
      ask('promises_unclear', 'text', l('哪些承诺不清楚', 'Which promises were unclear'), 'service', {
        required: true,
        showIf: { key: 'promises_clear', op: 'eq', value: 'no' },
      }),
      ask('signed_on', 'date', l('签约日期', 'Contract date'), null),
    ],
  ),
  4: form(
    4,
    {
      product: l('对实物与宣传一致性的满意度', 'How well the building matches what was sold'),
      engineering: l('对施工质量的满意度', 'Satisfaction with the construction quality'),
      service: l('对陪同讲解的满意度', 'Satisfaction with the guided tour'),
      organisation: l('开放日安全与组织的满意度', 'Satisfaction with safety and organisation of the day'),
    },
    [
      ask('concerns', 'multiple', l('客户关注的施工问题', 'Construction matters the customer raised'), 'engineering', {
        options: opts(
          ['progress', '工期进度', 'Progress'],
          ['quality', '施工质量', 'Quality'],
          ['materials', '材料品牌', 'Materials'],
          ['safety', '现场安全', 'Site safety'],
          ['changes', '设计变更', 'Design changes'],
        ),
      }),
      ask(
        'expects_on_time',
        'single',
        l('客户是否相信能按期交付', 'Does the customer expect delivery on time?'),
        'organisation',
        { options: yesNo },
      ),
    ],
  ),
  5: form(
    5,
    {
      product: l('对交付产品的满意度', 'Satisfaction with the delivered home'),
      engineering: l('对房屋质量的满意度', 'Satisfaction with the build quality'),
      service: l('对交付服务的满意度', 'Satisfaction with the handover service'),
      organisation: l('交付流程组织的满意度', 'Satisfaction with how the handover was organised'),
    },
    [
      ask('inspection', 'single', l('验房结果', 'Inspection result'), 'engineering', {
        required: true,
        options: opts(
          ['accepted', '无问题收房', 'Accepted'],
          ['accepted_with_issues', '带问题收房', 'Accepted with defects'],
          ['refused', '拒绝收房', 'Refused'],
        ),
      }),
      ask('fix_by', 'date', l('约定整改完成日期', 'Agreed date for the fixes'), 'engineering', {
        required: true,
        showIf: { key: 'inspection', op: 'in', values: ['accepted_with_issues', 'refused'] },
      }),
      ask('keys_on', 'date', l('交钥匙日期', 'Keys handed over on'), null),
    ],
  ),
  6: form(
    6,
    {
      product: l('对产品问题解释的满意度', 'Satisfaction with answers about the product'),
      engineering: l('对维修质量的满意度', 'Satisfaction with the repair quality'),
      service: l('对接待人员服务的满意度', 'Satisfaction with the reception staff'),
      organisation: l('对处理时效的满意度', 'Satisfaction with how quickly it was handled'),
    },
    [
      ask('matter', 'single', l('来访事项', 'What the customer came about'), null, {
        required: true,
        options: opts(
          ['repair', '报修', 'Repair'],
          ['complaint', '投诉', 'Complaint'],
          ['enquiry', '咨询', 'Enquiry'],
          ['suggestion', '建议', 'Suggestion'],
        ),
      }),
      ask('resolved_on_spot', 'single', l('是否当场解决', 'Resolved on the spot?'), 'organisation', {
        required: true,
        options: yesNo,
      }),
      ask('follow_up_by', 'date', l('承诺答复日期', 'Promised answer by'), 'organisation', {
        required: true,
        showIf: { key: 'resolved_on_spot', op: 'eq', value: 'no' },
      }),
    ],
  ),
  7: form(
    7,
    {
      product: l('对居住体验的满意度', 'Satisfaction with living in the home'),
      engineering: l('对房屋质量的满意度', 'Satisfaction with the build quality'),
      service: l('对物业服务的满意度', 'Satisfaction with property management'),
      organisation: l('对问题处理协同的满意度', 'Satisfaction with how departments follow up'),
    },
    [
      ask('household_status', 'single', l('入住情况', 'Occupancy'), null, {
        required: true,
        options: opts(
          ['living', '已入住', 'Living there'],
          ['fitting_out', '装修中', 'Fitting out'],
          ['vacant', '空置', 'Vacant'],
          ['rented', '出租', 'Rented out'],
        ),
      }),
      ask('topics', 'multiple', l('交流话题', 'Topics discussed'), null, {
        options: opts(
          ['repairs', '维修', 'Repairs'],
          ['property', '物业', 'Property service'],
          ['community', '社区活动', 'Community events'],
          ['neighbours', '邻里', 'Neighbours'],
          ['amenities', '配套', 'Amenities'],
        ),
      }),
    ],
  ),
};
