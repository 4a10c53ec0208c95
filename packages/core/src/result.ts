/** Rule outcomes are values; the API maps codes to HTTP statuses. */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export type FieldErrors = Record<string, string>;

/** A message parameter; a {zh, en} pair is picked by the reader's locale. */
export type MessageParam = string | number | { zh: string; en: string };
export type MessageParams = Record<string, MessageParam>;

/** A rule failure: a code, parameters for its message, and field codes for forms. */
export type AppError = { code: ErrorCode; params?: MessageParams; fields?: FieldCodes };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** The languages the product speaks: the screen, API messages and each employee's mail. Chinese first. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

/** One catalogue of user-facing error texts, zh-CN first. `{name}` placeholders take params. */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: {
    zh: '提交的内容有误，请检查标注的字段。',
    en: 'Some fields are invalid; see the marked fields.',
  },
  MALFORMED_JSON: { zh: '请求内容不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  UNAUTHENTICATED: { zh: '请先登录。', en: 'Please sign in.' },
  FORBIDDEN: { zh: '您没有执行此操作的权限。', en: 'You are not allowed to do this.' },
  NOT_FOUND: { zh: '找不到该记录。', en: 'Not found.' },
  CONFLICT: { zh: '该记录已被修改或已存在。', en: 'The record has changed or already exists.' },
  PAYLOAD_TOO_LARGE: { zh: '请求内容过大（上限 {limit}）。', en: 'The request is too large (limit {limit}).' },
  UNSUPPORTED_MEDIA_TYPE: {
    zh: '不支持的内容类型，应为 {expected}。',
    en: 'Unsupported content type; expected {expected}.',
  },
  INVALID_CREDENTIALS: { zh: '账号或密码错误。', en: 'Wrong login or password.' },
  TOO_MANY_ATTEMPTS: {
    zh: '尝试次数过多，请 {seconds} 秒后再试。',
    en: 'Too many attempts; try again in {seconds} s.',
  },
  ORIGIN_MISMATCH: { zh: '请求来源不被允许。', en: 'The request origin is not allowed.' },
  IMPORT_INVALID_ROWS: {
    zh: '文件中有 {count} 行无效，未导入任何数据。',
    en: '{count} rows are invalid; nothing was imported.',
  },
  IMPORT_UNREADABLE: { zh: '无法读取文件：{reason}', en: 'The file cannot be read: {reason}' },
  CALENDAR_BAD_DATE: { zh: '不是有效的日期（格式 YYYY-MM-DD）。', en: 'Not a valid date (YYYY-MM-DD).' },
  YEAR_OUT_OF_RANGE: { zh: '年份须在 {min}–{max} 之间。', en: 'The year must be from {min} to {max}.' },
  MONTH_INVALID: { zh: '不是有效的月份（格式 YYYY-MM）。', en: 'Not a valid month (YYYY-MM).' },
  RANGE_INVERTED: { zh: '结束不能早于开始。', en: 'The end cannot be before the start.' },
  RANGE_TOO_LONG: { zh: '时间范围最长 {months} 个月。', en: 'The range can span at most {months} months.' },
  CURSOR_INVALID: {
    zh: '翻页位置无效，请从第一页重新加载。',
    en: 'This page position is not valid; load the list again from the start.',
  },
  CALENDAR_WRONG_YEAR: { zh: '日期不在该年份内。', en: 'The date is not in this year.' },
  PARTICIPATION_DUPLICATE_CELL: { zh: '同一节点和条线出现了两次。', en: 'A checkpoint and line appear twice.' },
  CALENDAR_DUPLICATE_DATE: { zh: '同一日期出现了两次。', en: 'This date appears twice.' },
  CALENDAR_MAKEUP_NOT_WEEKEND: {
    zh: '调休上班日应为周六或周日。',
    en: 'A make-up working day must be a Saturday or Sunday.',
  },
  NOTICE_UNREADABLE: {
    zh: '通知原文中有 {count} 处无法读取或前后矛盾，未保存任何内容。',
    en: '{count} part(s) of the notice cannot be read or contradict themselves; nothing was stored.',
  },
  NOTICE_WRONG_YEAR: { zh: '这份通知是 {read} 年的，不是 {year} 年的。', en: 'This notice is for {read}, not {year}.' },
  NOTICE_NO_YEAR: {
    zh: '找不到通知所属的年份：标题应为“国务院办公厅关于2027年部分节假日安排的通知”，或正文写明“现将2027年……”。',
    en: 'The notice does not say which year it is for: its title reads like “国务院办公厅关于2027年部分节假日安排的通知”, or its text says “现将2027年…”.',
  },
  NOTICE_YEAR_CONFLICT: {
    zh: '标题写的是 {titleYear} 年，正文写的却是 {bodyYear} 年。',
    en: 'The title says {titleYear}, but the text says {bodyYear}.',
  },
  NOTICE_NO_HOLIDAYS: {
    zh: '没有找到放假安排，应有“一、元旦：1月1日（周五）放假1天”这样的条目。',
    en: 'No holiday arrangements were found; the notice lists them in lines like “一、元旦：1月1日（周五）放假1天”.',
  },
  NOTICE_LINE_UNREADABLE: {
    zh: '这一行像是放假安排，但无法识别其中的日期，请对照通知原文检查。',
    en: 'This line looks like a holiday arrangement, but its dates cannot be read; check it against the published notice.',
  },
  NOTICE_DATE_INVALID: { zh: '“{written}”不是有效的日期。', en: '“{written}” is not a real date.' },
  NOTICE_RANGE_INVERTED: {
    zh: '放假的最后一天 {to} 早于第一天 {from}。',
    en: 'The holiday’s last day, {to}, is before its first, {from}.',
  },
  NOTICE_WEEKDAY_MISMATCH: {
    zh: '{date} 写的是{written}，但那天是{actual}。',
    en: '{date} is given as a {written}, but it is a {actual}.',
  },
  NOTICE_COUNT_MISMATCH: {
    zh: '{from} 至 {to} 共 {actual} 天，通知写的却是 {stated} 天。',
    en: 'From {from} to {to} is {actual} days, but the notice says {stated}.',
  },
  NOTICE_MAKEUP_NOT_WEEKEND: {
    zh: '调休上班日 {date} 是{weekday}，应为周六或周日。',
    en: 'The make-up working day {date} is a {weekday}; it must be a Saturday or Sunday.',
  },
  NOTICE_DATE_OUTSIDE_YEAR: { zh: '{date} 不在 {year} 年内。', en: '{date} is not in {year}.' },
  NOTICE_DATE_TWICE: {
    zh: '{date} 在第 {firstLine} 行已经出现过。',
    en: '{date} already appears on line {firstLine}.',
  },
  DATE_NOT_WORKING_DAY: {
    zh: '{date} 是{kind}，接待日只能安排在工作日（含调休上班日）。',
    en: '{date} is a {kind}; reception days must fall on a working day (make-up days count).',
  },
  DATE_UNKNOWN_YEAR: {
    zh: '{year} 年的节假日安排尚未录入，无法确认 {date} 是否为工作日。',
    en: 'No holiday calendar for {year} yet, so {date} cannot be confirmed as a working day.',
  },
  DATE_LIKELY_HOLIDAY: {
    zh: '{date} 可能会放{name}假：{year} 年放假安排尚未公布，按惯例这一天多半放假。如通知放假，届时需要改期。',
    en: '{date} is likely to be a {name} holiday: the {year} notice is not out yet, and by custom this day is usually given off. If it is, the day will need a new date.',
  },
  DATE_BLACKOUT: { zh: '{date} 项目暂停接待：{reason}', en: 'The project is closed to visits on {date}: {reason}' },
  DATE_OUTSIDE_WINDOW: { zh: '日期须在 {from} 至 {to} 之间。', en: 'The date must be between {from} and {to}.' },
  DATE_ON_LEAVE: { zh: '{date} 在休假期间。', en: '{date} falls in a leave period.' },
  DATE_TAKEN: { zh: '{date} 已有另一场接待安排。', en: 'Another reception is already set for {date}.' },
  DUTY_TRANSITION: { zh: '该任务当前为「{from}」，不能{action}。', en: 'This duty is {from}; it cannot be {action}.' },
  REASON_REQUIRED: { zh: '请填写原因。', en: 'Please give a reason.' },
  DEPUTY_INVALID: {
    zh: '代办人须为同区域的在职员工，且不能是本人。',
    en: 'The deputy must be an active employee of the same region, not the person due.',
  },
  OWNER_INVALID: {
    zh: '新的对接人须为该项目的在职员工。',
    en: 'The new owner must be an active employee of this project.',
  },
  HOUSEHOLD_NOT_YOURS: { zh: '只能选择由您对接的住户。', en: 'Choose one of the households you look after.' },
  GENERATION_RUNNING: {
    zh: '已有一个排程任务正在运行，请稍候。',
    en: 'A schedule run is already in progress; please wait.',
  },
  HORIZON_TOO_LONG: { zh: '排程范围最长 {months} 个月。', en: 'The horizon can be at most {months} months.' },
  RULE_PLACE_MISMATCH: {
    zh: '入户拜访的地点应为「本人对接的住户」，接待日的地点应为项目。',
    en: 'Home visits take place at the person’s own households; reception days at a project.',
  },
  RECEPTION_END_BEFORE_START: { zh: '结束时间须晚于开始时间。', en: 'The end time must be after the start time.' },
  RECEPTION_SLOT_TOO_LONG: { zh: '时段长度超过了接待时长。', en: 'The slot is longer than the reception itself.' },
  RECEPTION_TOO_MANY_SLOTS: {
    zh: '时段过多（最多 24 个），请加长时段。',
    en: 'Too many slots (24 at most); make them longer.',
  },
  RECEPTION_BOOKINGS_DO_NOT_FIT: {
    zh: '{time} 的已有预约在新的时段安排中放不下，请先改约或取消。',
    en: 'The booking at {time} does not fit the new slots; rebook or cancel it first.',
  },
  RECEPTION_NOT_RECEPTION_DUTY: {
    zh: '只有接待日任务可以安排接待日。',
    en: 'Only a reception duty can become a reception day.',
  },
  RECEPTION_EXISTS: {
    zh: '该任务已安排了接待日，请在接待日页面改期。',
    en: 'This duty already has a reception day; move the day on its page.',
  },
  RECEPTION_CANCELLED: { zh: '该接待日已取消。', en: 'This reception day has been cancelled.' },
  RECEPTION_PAST: { zh: '该接待日已过去，不能再更改。', en: 'This reception day is over; it can no longer change.' },
  VENUE_NOT_IN_REGION: { zh: '接待地点须为本区域的项目。', en: 'The venue must be a project of the region.' },
  SLOT_FULL: { zh: '该时段已约满，请选择其他时段。', en: 'This slot is full; choose another.' },
  HOUSEHOLD_BOOKED_THAT_DAY: { zh: '该住户当天已有预约。', en: 'This household already has a booking that day.' },
  HOUSEHOLD_OTHER_REGION: {
    zh: '只能预约本区域项目的住户。',
    en: 'Only households of the region’s projects can be booked.',
  },
  BOOKING_NOT_ACTIVE: { zh: '该预约已取消或已释放。', en: 'This booking has been cancelled or released.' },
  MAIL_NOT_RETRYABLE: { zh: '只有发送失败的邮件可以重试。', en: 'Only failed messages can be retried.' },
  ANSWER_REQUIRED: { zh: '此项为必填。', en: 'This is required.' },
  ANSWER_WRONG_TYPE: { zh: '答案格式不正确。', en: 'This answer has the wrong form.' },
  ANSWER_OUT_OF_RANGE: { zh: '请填写 {min}–{max} 之间的整数。', en: 'Enter a whole number from {min} to {max}.' },
  ANSWER_NUMBER_RANGE: { zh: '请填写 {min}–{max} 之间的数。', en: 'Enter a number from {min} to {max}.' },
  ANSWER_NOT_AN_OPTION: { zh: '请从选项中选择。', en: 'Choose one of the options.' },
  ANSWER_TOO_LONG: { zh: '最多 {max} 个字。', en: 'At most {max} characters.' },
  ANSWER_TOO_MANY: { zh: '最多 {max} 项。', en: 'At most {max} items.' },
  ANSWER_UNKNOWN_QUESTION: { zh: '该表单版本没有这道题。', en: 'This form version has no such question.' },
  ISSUE_CATEGORY_INVALID: { zh: '请选择该维度下启用的问题类别。', en: 'Choose an active category of this dimension.' },
  PHOTO_NOT_FOUND: { zh: '照片尚未上传或不属于您。', en: 'This photo has not been uploaded, or is not yours.' },
  PHOTO_TOO_LARGE: { zh: '照片过大（单张上限 {limit}）。', en: 'The photo is too large (limit {limit} each).' },
  PHOTO_TYPE: { zh: '只支持 JPEG、PNG 或 WebP 格式的照片。', en: 'Only JPEG, PNG or WebP photos are accepted.' },
  PHOTO_UNREADABLE: {
    zh: '无法识别该图片，文件可能已损坏。',
    en: 'The image cannot be read; the file may be damaged.',
  },
  FORM_KEY_CHANGED: {
    zh: '题目「{key}」在已发布版本中是{was}，不能改成其他题型；请新增一道题并停用旧题。',
    en: 'Question “{key}” was {was} in a published version; add a new question and retire the old one instead of changing its type.',
  },
  FORM_QUESTION_REMOVED: {
    zh: '题目「{key}」已有发布版本，不能删除，只能停用（停用后不再显示，历史答案保留）。',
    en: 'Question “{key}” has been published; retire it (hidden, old answers kept) rather than delete it.',
  },
  FORM_INVALID: { zh: '表单结构有误：{detail}', en: 'The form is not well formed: {detail}' },
  FORM_KEY_FORMAT: {
    zh: '只能用小写字母、数字和下划线，以字母开头，最多 40 个字符。',
    en: 'Use lowercase letters, digits and _, starting with a letter, at most 40 characters.',
  },
  FORM_OPTION_VALUE_FORMAT: {
    zh: '选项值只能用小写字母、数字和下划线，1–40 个字符。',
    en: 'An option value uses 1 to 40 lowercase letters, digits or _.',
  },
  CATEGORY_CODE_FORMAT: {
    zh: '分类代码只能用小写字母、数字和下划线，以字母开头，2–40 个字符。',
    en: 'A category code uses 2 to 40 lowercase letters, digits or _, starting with a letter.',
  },
  CLOCK_TIME_FORMAT: { zh: '请填写时间，格式为 时:分，例如 09:30。', en: 'Enter a time as hours:minutes, e.g. 09:30.' },
  DEVICE_ID_FORMAT: {
    zh: '本设备生成的编号无效，请刷新页面后重试。',
    en: 'The id this device made is not valid; reload the page and try again.',
  },
  PHONE_FORMAT: {
    zh: '电话号码只能包含数字、+、- 和空格。',
    en: 'A phone number may contain only digits, +, - and spaces.',
  },
  PHONE_LOOKUP_FORMAT: {
    zh: '请输入 5–32 位的电话号码（数字、+、- 或空格）。',
    en: 'Enter a phone number of 5 to 32 digits, +, - or spaces.',
  },
  FORMAT_INVALID: { zh: '格式不正确。', en: 'This is not in the expected format.' },
  FORM_NO_DRAFT: { zh: '该表单没有待发布的草稿。', en: 'This form has no draft to publish.' },
  FORM_VERSION_PUBLISHED: {
    zh: '已发布的版本不能修改，请编辑新的草稿。',
    en: 'A published version cannot change; edit a new draft.',
  },
  FORM_NOT_PUBLISHED: { zh: '该表单尚未发布，不能用于记录。', en: 'This form has not been published yet.' },
  VISIT_TARGET_REQUIRED: {
    zh: '请选择拜访对应的任务、预约或节点。',
    en: 'Link the visit to a duty, a booking or a checkpoint.',
  },
  VISIT_DUTY_NOT_YOURS: {
    zh: '只能为本人（或代办）的任务记录拜访。',
    en: 'Record visits only for your own (or delegated) duties.',
  },
  VISIT_FORM_MISMATCH: { zh: '该表单不适用于此节点。', en: 'This form is not the one for this checkpoint.' },
  VISIT_IN_FUTURE: { zh: '拜访时间不能晚于现在。', en: 'The visit cannot be in the future.' },
  VISIT_CLIENT_ID_REUSED: {
    zh: '该记录编号已被另一条不同的拜访使用。',
    en: 'This record id was already used for a different visit.',
  },
  VISIT_STAFF_NOT_COLLEAGUE: {
    zh: '同行人员只能是本项目或本区域公司的在职同事。',
    en: 'Staff present must be active colleagues on the visit’s project or in its region’s office.',
  },
  TICKET_TRANSITION: { zh: '该工单当前为「{from}」，不能{action}。', en: 'This ticket is {from}; it cannot {action}.' },
  TICKET_FOLLOW_UP_BY_HANDLER: {
    zh: '回访须由处理人以外的员工完成。',
    en: 'The follow-up must be made by someone other than the ticket’s handler.',
  },
  TICKET_NOT_YOUR_FOLLOW_UP: { zh: '该回访未分派给您。', en: 'This follow-up is not assigned to you.' },
  TICKET_EXPLANATION_REQUIRED: { zh: '请填写给客户的答复说明。', en: 'Say what the customer was told.' },
  TICKET_CAUSE_REQUIRED: { zh: '请填写问题原因。', en: 'Give the cause.' },
  TICKET_PROMISE_IN_PAST: { zh: '承诺完成日期不能早于今天。', en: 'The promised date cannot be in the past.' },
  TICKET_ACTIONS_REQUIRED: { zh: '请填写处理措施。', en: 'Say what will be done.' },
  TICKET_CLOSE_REASON_REQUIRED: {
    zh: '客户未认可时须填写关闭原因。',
    en: 'Give the reason for closing without the customer’s acceptance.',
  },
  TICKET_SATISFACTION_RANGE: { zh: '满意度为1到5分。', en: 'Satisfaction is from 1 to 5.' },
  TICKET_FEEDBACK_LINK_REQUIRED: {
    zh: '请关联一个共性问题或提升方案。',
    en: 'Link a common issue or an improvement plan.',
  },
  TICKET_REOPEN_REASON_REQUIRED: { zh: '请填写重新打开的原因。', en: 'Give the reason for reopening.' },
  TICKET_ALREADY_ASSIGNED: { zh: '该工单已由此人处理。', en: 'This person already handles the ticket.' },
  TICKET_CLIENT_ID_REUSED: {
    zh: '该客户端编号已用于另一张不同的工单。',
    en: 'This client id was already used for a different ticket.',
  },
  TICKET_HANDLER_INVALID: {
    zh: '处理人须为该项目范围内的在职员工。',
    en: 'The handler must be an active employee who covers the project.',
  },
  TICKET_MOVE_NOT_YOURS: { zh: '您不能对该工单执行此操作。', en: 'You may not make this move on this ticket.' },
  TICKET_VISIT_ISSUE_TAKEN: {
    zh: '该问题已生成工单。',
    en: 'A ticket has already been raised from this issue item.',
  },
  TICKET_CATEGORY_INVALID: { zh: '问题分类不存在或已停用。', en: 'The category does not exist or is no longer used.' },
  TICKET_HOURS_INVALID: {
    zh: '工作时间格式为 HH:MM，且开始须早于结束。',
    en: 'Working hours are HH:MM, and the start must be before the end.',
  },
  TICKET_LIMIT_HALVES: {
    zh: '时限以半个工作日为单位（如 0.5、1.5）。',
    en: 'Limits are in half working days (such as 0.5 or 1.5).',
  },
  TICKET_SEASON_END_INVALID: { zh: '采暖期结束日格式为 MM-DD。', en: 'A season ends on a day written MM-DD.' },
  TICKET_SETTINGS_GROUP_ROW: {
    zh: '适用于全部项目的默认设置只能由集团层面修改。',
    en: 'Defaults for every project can be changed at group level only.',
  },
  PLAN_TRANSITION: { zh: '该方案当前为「{from}」，不能{action}。', en: 'This plan is {from}; it cannot {action}.' },
  PLAN_NO_ACTIONS: { zh: '方案至少需要一项措施。', en: 'A plan needs at least one action.' },
  PLAN_ACTIONS_OPEN: { zh: '还有 {count} 项措施未完成。', en: '{count} action(s) are still open.' },
  PLAN_NO_EVIDENCE: { zh: '请先提交整改证据（说明或照片）。', en: 'File evidence (notes or photos) first.' },
  PLAN_NO_HOUSEHOLDS: { zh: '该共性问题没有可回访的客户。', en: 'This common issue has no households to revisit.' },
  PLAN_NOT_VERIFIED: { zh: '回访验证尚未全部完成。', en: 'The verification revisits are not all recorded yet.' },
  PLAN_NO_VERIFIER: {
    zh: '找不到方案负责人以外的员工来回访客户。',
    en: 'No employee other than the plan owner is available to revisit.',
  },
  PLAN_LOCKED: {
    zh: '方案已批准，只能增加措施，不能修改方案内容。',
    en: 'The plan is approved: add actions, but its content no longer changes.',
  },
  PLAN_EXISTS: { zh: '该共性问题已有同类型的方案。', en: 'This common issue already has a plan of this kind.' },
  COMMON_ISSUE_STATUS: {
    zh: '该共性问题当前为「{status}」，不能{action}。',
    en: 'This common issue is {status}; it cannot be {action}.',
  },
  COMMON_ISSUE_HAS_PLAN: {
    zh: '该共性问题已有提升方案，不能合并到其他问题。',
    en: 'This common issue already has a plan; it cannot be merged away.',
  },
  COMMON_ISSUE_SELF: { zh: '不能合并到自身。', en: 'An issue cannot be merged into itself.' },
  COMMON_ISSUE_SPLIT: {
    zh: '请选择部分（不是全部）条目拆分出去。',
    en: 'Choose some, not all, of the items to split off.',
  },
  COMMON_ISSUE_CATEGORY: {
    zh: '只能合并同一问题类别下的共性问题。',
    en: 'Only common issues of the same category can be merged.',
  },
  EMPLOYEE_INVALID: { zh: '请选择在职员工。', en: 'Choose an active employee.' },
  VERIFICATION_NOT_YOURS: {
    zh: '只有被指派的回访人可以记录验证结果。',
    en: 'Only the employee assigned to the revisit can record it.',
  },
  VERIFICATION_RECORDED: { zh: '该回访已记录。', en: 'This revisit has already been recorded.' },
  SCHEME_EMPTY: { zh: '方案至少需要一个评分项。', en: 'A scheme needs at least one component.' },
  SCHEME_DUPLICATE_COMPONENT: { zh: '同一评分项只能出现一次。', en: 'Each component can appear only once.' },
  SCHEME_WEIGHT_RANGE: { zh: '权重须为 1–100 的整数。', en: 'A weight is a whole number from 1 to 100.' },
  SCHEME_WEIGHTS_TOTAL: { zh: '权重合计须为 100（当前为 {total}）。', en: 'The weights must total 100 (now {total}).' },
  PERIOD_INVALID: {
    zh: '期间格式应为 2026-Q4、2026-11、2026-H2 或 2026，年份在 {min}–{max} 之间。',
    en: 'A period is named like 2026-Q4, 2026-11, 2026-H2 or 2026, in the years {min} to {max}.',
  },
  DUTY_PERIOD_INVALID: {
    zh: '期间格式应为 2026-M11、2026-B6、2026-Q4、2026-H2 或 2026-Y1，年份在 {min}–{max} 之间。',
    en: 'A period is named like 2026-M11, 2026-B6, 2026-Q4, 2026-H2 or 2026-Y1, in the years {min} to {max}.',
  },
  PERIOD_NOT_ENDED: {
    zh: '{period} 要到 {to} 才结束，结束后才能关账。',
    en: '{period} runs until {to}; it can be closed once it has ended.',
  },
  PERIOD_CLOSED: {
    zh: '{period} 已关账，得分已冻结；如需更正请添加调整。',
    en: '{period} is closed and its scores are frozen; correct them with an adjustment.',
  },
  PERIOD_CLOSING: {
    zh: '{period} 正在关账，请稍候。',
    en: '{period} is being closed; please wait.',
  },
  DETECTION_RUNNING: {
    zh: '共性问题识别正在运行，请稍候。',
    en: 'Common-issue detection is already running; please wait.',
  },
  PERIOD_OPEN: {
    zh: '{period} 尚未关账，调整只能用于已冻结的得分。',
    en: '{period} is not closed; adjustments apply to frozen scores only.',
  },
  ADJUSTMENT_DELTA: {
    zh: '调整分值须不为 0，且最多保留一位小数。',
    en: 'An adjustment is non-zero, with one decimal at most.',
  },
  SCORE_NONE: { zh: '该员工本期没有得分，无法调整。', en: 'This person has no score this period to adjust.' },
  TOO_MANY_REVEALS: {
    zh: '查看客户完整信息过于频繁（{minutes} 分钟内最多 {max} 次），请 {seconds} 秒后再试。',
    en: 'Full customer details were shown too often ({max} in {minutes} minutes at most); try again in {seconds} s.',
  },
  TOKEN_INVALID: { zh: 'API 令牌无效或已撤销。', en: 'The API token is not valid or has been revoked.' },
  PASSWORD_TOO_SHORT: { zh: '密码至少需要 {min} 个字符。', en: 'A password needs at least {min} characters.' },
  PASSWORD_TOO_LONG: { zh: '密码最多 {max} 个字符。', en: 'A password can have at most {max} characters.' },
  PASSWORD_IS_LOGIN: {
    zh: '密码不能与登录名或工号相同。',
    en: 'The password cannot be your login or employee number.',
  },
  PASSWORD_UNCHANGED: { zh: '新密码不能与当前密码相同。', en: 'The new password must differ from the current one.' },
  PASSWORD_TOO_COMMON: {
    zh: '这个密码太常见，容易被猜到，请换一个。',
    en: 'This password is too common to be safe; choose another.',
  },
  PASSWORD_WRONG: { zh: '当前密码不正确。', en: 'The current password is not correct.' },
  PASSWORD_CHANGE_REQUIRED: {
    zh: '请先设置新密码，然后才能继续使用。',
    en: 'Choose a new password before you continue.',
  },
  STORAGE_FULL: {
    zh: '服务器存储空间已满，本次修改未保存，请稍后再试或联系管理员。',
    en: 'The server is out of storage space; your change was not saved. Please try again later or tell your administrator.',
  },
  DATABASE_UNAVAILABLE: {
    zh: '数据库暂时无法使用，本次操作未完成，请稍后再试或联系管理员。',
    en: 'The database cannot be used right now; your request was not completed. Please try again later or tell your administrator.',
  },
  SERVER_BUSY: {
    zh: '服务器正忙，本次请求未处理，请稍后再试。',
    en: 'The server is busy; your request was not handled. Please try again shortly.',
  },
  INTERNAL: { zh: '服务器出错了，请稍后再试。', en: 'Something went wrong on the server; please try again.' },
} as const satisfies Record<string, { zh: string; en: string }>;

/** A field's problem with its own parameters (a range, a limit), where the error's shared ones do not fit. */
export type FieldProblem = { code: ErrorCode; params?: MessageParams };

/** Field errors as codes (rules in core speak codes); the edge turns them into text. */
export type FieldCodes = Record<string, ErrorCode | FieldProblem>;

export function localizeFields(fields: FieldCodes, locale: Locale, params: MessageParams = {}): FieldErrors {
  return Object.fromEntries(
    Object.entries(fields).map(([k, problem]) => [
      k,
      typeof problem === 'string'
        ? formatMessage(problem, locale, params)
        : formatMessage(problem.code, locale, { ...params, ...problem.params }),
    ]),
  );
}

export function formatMessage(code: ErrorCode, locale: Locale, params: MessageParams = {}): string {
  const lang = locale === 'en' ? 'en' : 'zh';
  const template = ERROR_MESSAGES[code][lang];
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    if (value === undefined) return whole;
    return typeof value === 'object' ? value[lang] : String(value);
  });
}

/** Picks zh-CN unless the client clearly prefers English. */
export function pickLocale(acceptLanguage: string | null | undefined, explicit?: string | null): Locale {
  if (isLocale(explicit)) return explicit;
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
