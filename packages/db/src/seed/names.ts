import type { Random } from './random.ts';

const SURNAMES = Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
);
const GIVEN = Array.from(
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强文辉鹏飞宇浩然子涵欣怡梓轩雨萱博文思远嘉怡晨阳佳琪俊杰诗涵一鸣若曦天佑乐瑶泽宇慧敏海燕晓东春梅德华',
);
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '慕容'];

export function personName(r: Random): string {
  const surname = r.chance(0.02) ? r.pick(COMPOUND_SURNAMES) : r.pick(SURNAMES);
  const given = r.chance(0.35) ? r.pick(GIVEN) : r.pick(GIVEN) + r.pick(GIVEN);
  return surname + given;
}

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '158',
  '159',
  '177',
  '180',
  '186',
  '188',
  '189',
  '199',
];

export function mobile(r: Random): string {
  return r.pick(MOBILE_PREFIXES) + String(r.int(0, 99_999_999)).padStart(8, '0');
}

const PROJECT_WORDS_A = [
  '云栖',
  '滨江',
  '锦绣',
  '悦澜',
  '翡翠',
  '天玺',
  '御景',
  '澜庭',
  '星河',
  '春晓',
  '观澜',
  '紫宸',
  '璟园',
  '望江',
  '海棠',
  '九里',
];
const PROJECT_WORDS_B = ['府', '苑', '湾', '园', '公馆', '花园', '华庭', '壹号'];

export function projectName(r: Random): string {
  return r.pick(PROJECT_WORDS_A) + r.pick(PROJECT_WORDS_B);
}

const STREETS = [
  '滨江大道',
  '人民路',
  '中山路',
  '建设路',
  '解放路',
  '长江路',
  '世纪大道',
  '科技路',
  '文化路',
  '新华路',
];
const DISTRICTS = ['新区', '高新区', '滨江区', '开发区', '城南', '城东', '湖畔', '江北'];

export function address(r: Random, city: string): string {
  return `${city}${r.pick(DISTRICTS)}${r.pick(STREETS)}${r.int(1, 999)}号`;
}
