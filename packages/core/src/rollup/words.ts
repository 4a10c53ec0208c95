/**
 * Words of a Chinese issue description, for grouping. ICU's word segmenter
 * (Intl.Segmenter 'zh') cuts general text well but splits trade terms
 * ("卫生|间", "渗|水"), and customers say the same thing many ways (厕所渗水 /
 * 卫生间漏水). So a small domain lexicon is matched first, longest variant
 * wins, and every variant is written as its canonical term; what remains is
 * segmented by ICU. Function words, place numbers and punctuation drop out.
 */

/** Canonical term ← the ways customers write it. Editable data, kept short and concrete. */
export const ISSUE_LEXICON: Record<string, readonly string[]> = {
  漏水: ['漏水', '渗水', '渗漏', '漏雨', '滴水', '进水', '渗', '漏'],
  卫生间: ['卫生间', '厕所', '洗手间', '浴室', '卫浴'],
  天花板: ['天花板', '吊顶', '顶棚', '天花', '顶上', '屋顶'],
  窗户: ['窗户', '外窗', '窗子', '窗框', '窗'],
  密封: ['密封条', '密封胶', '打胶', '密封'],
  开裂: ['开裂', '裂缝', '裂纹', '裂开', '裂'],
  墙面: ['墙面', '墙体', '墙壁', '外墙', '内墙', '墙'],
  空鼓: ['空鼓'],
  地面: ['地面', '地板', '地砖'],
  不平: ['不平整', '不平', '高低不平'],
  发霉: ['发霉', '霉斑', '长霉', '霉'],
  车库: ['地下车库', '地库', '车库', '停车场'],
  车位: ['停车位', '车位'],
  转弯: ['转弯半径', '转弯', '拐弯', '掉头'],
  坡道: ['坡道', '坡'],
  噪音: ['噪音', '噪声', '异响', '很吵', '太吵', '吵'],
  电梯: ['电梯', '梯'],
  物业: ['物业', '物管', '管家'],
  响应慢: ['响应慢', '响应太慢', '反应慢', '不及时', '没人来', '没人管', '没人理', '拖'],
  维修: ['报修', '维修', '修理', '返修', '整改', '修'],
  异味: ['异味', '臭味', '味道', '臭'],
  承诺: ['承诺', '答应', '说好', '宣传'],
  交付: ['交付', '交房', '收房'],
  绿化: ['绿化', '草坪', '树木', '景观'],
  水压: ['水压'],
  门: ['入户门', '防盗门', '房门', '门'],
  采光: ['采光', '光线', '太暗'],
};

/** Words that carry no issue: particles, pronouns, degree words, place numbering. */
const STOP_WORDS = new Set(
  (
    '的 了 是 在 有 和 与 及 或 也 都 还 就 又 很 太 非常 比较 特别 有点 一些 一点 这 那 这个 那个 我 我们 你 他 她 它 我家 家里 家 业主 客户 ' +
    '个 些 把 被 让 给 对 说 觉得 感觉 反映 反馈 问题 情况 现在 目前 已经 一直 经常 总是 时候 之后 以后 以前 后 前 上 下 里 内 外 中 ' +
    '号 楼 栋 幢 单元 层 室 户 间 处 个别 部分 多次 几次 次 天 月 年 吗 呢 吧 啊 呀 没 没有 不 能 会 要 想 希望 请 尽快 严重 明显 ' +
    '一 二 三 四 五 六 七 八 九 十 两 几 多 少 大 小 来 去 到 出现 发现 存在 导致 造成 影响'
  ).split(' '),
);

type Lexicon = { byFirst: Map<string, { variant: string; canonical: string }[]> };

function compileLexicon(lexicon: Record<string, readonly string[]>): Lexicon {
  const byFirst = new Map<string, { variant: string; canonical: string }[]>();
  for (const [canonical, variants] of Object.entries(lexicon)) {
    for (const variant of new Set([canonical, ...variants])) {
      const first = variant[0]!;
      const list = byFirst.get(first) ?? [];
      list.push({ variant, canonical });
      byFirst.set(first, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.variant.length - a.variant.length);
  return { byFirst };
}

const DEFAULT_LEXICON = compileLexicon(ISSUE_LEXICON);
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Latin letters and digits fold to lower case; full-width forms to half-width. */
function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function segmentRest(rest: string, out: string[]): void {
  if (!rest) return;
  for (const s of segmenter.segment(rest)) {
    if (!s.isWordLike) continue;
    const w = s.segment;
    if (STOP_WORDS.has(w) || /^[\d.]+$/.test(w)) continue;
    out.push(w);
  }
}

/** The description's distinct words, canonical terms first in reading order. */
export function issueWords(text: string, lexicon: Lexicon = DEFAULT_LEXICON): string[] {
  const s = normalise(text);
  const out: string[] = [];
  let rest = '';
  for (let i = 0; i < s.length;) {
    const match = lexicon.byFirst.get(s[i]!)?.find((v) => s.startsWith(v.variant, i));
    if (match) {
      segmentRest(rest, out);
      rest = '';
      out.push(match.canonical);
      i += match.variant.length;
    } else {
      rest += s[i];
      i += 1;
    }
  }
  segmentRest(rest, out);
  return [...new Set(out)];
}
