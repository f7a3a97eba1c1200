"""Chinese terms as data: English key ↔ 中文 label (↔ input aliases).

Loaders, messages, builders and templates all take their wording from here, so that one term is
spelled one way everywhere. Codes (2010301, 30101) are strings.
"""

from __future__ import annotations

# 本年收入 by source (表1/表2 columns). The first three together are 财政拨款收入.
INCOME_SOURCES: dict[str, str] = {
    "general_budget": "一般公共预算财政拨款收入",
    "gov_fund": "政府性基金预算财政拨款收入",
    "state_capital": "国有资本经营预算财政拨款收入",
    "superior_subsidy": "上级补助收入",
    "business": "事业收入",
    "operating": "经营收入",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
}
FISCAL_FUNDS: dict[str, str] = {
    "general_budget": "一般公共预算财政拨款",
    "gov_fund": "政府性基金预算财政拨款",
    "state_capital": "国有资本经营预算财政拨款",
}
# 本年支出 by type (表3 columns).
SPENDING_TYPES: dict[str, str] = {
    "basic": "基本支出",
    "project": "项目支出",
    "to_superior": "上缴上级支出",
    "operating": "经营支出",
    "to_affiliated": "对附属单位补助支出",
}

# The standard list of 支出功能分类 类 as the 收入支出决算总表 prints it (Shanghai 2024 template).
FUNCTION_CLASSES: dict[str, str] = {
    "201": "一般公共服务支出",
    "202": "外交支出",
    "203": "国防支出",
    "204": "公共安全支出",
    "205": "教育支出",
    "206": "科学技术支出",
    "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出",
    "210": "卫生健康支出",
    "211": "节能环保支出",
    "212": "城乡社区支出",
    "213": "农林水支出",
    "214": "交通运输支出",
    "215": "资源勘探工业信息等支出",
    "216": "商业服务业等支出",
    "217": "金融支出",
    "219": "援助其他地区支出",
    "220": "自然资源海洋气象等支出",
    "221": "住房保障支出",
    "222": "粮油物资储备支出",
    "223": "国有资本经营预算支出",
    "224": "灾害防治及应急管理支出",
    "229": "其他支出",
    "234": "抗疫特别国债安排的支出",
}

# 支出经济分类 used by the 一般公共预算财政拨款基本支出决算表 (表6).
ECONOMIC_CLASSES: dict[str, str] = {
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30106": "伙食补助费",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费",
    "30110": "职工基本医疗保险缴费",
    "30111": "公务员医疗补助缴费",
    "30112": "其他社会保障缴费",
    "30113": "住房公积金",
    "30114": "医疗费",
    "30199": "其他工资福利支出",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30202": "印刷费",
    "30203": "咨询费",
    "30204": "手续费",
    "30205": "水费",
    "30206": "电费",
    "30207": "邮电费",
    "30208": "取暖费",
    "30209": "物业管理费",
    "30211": "差旅费",
    "30212": "因公出国（境）费用",
    "30213": "维修（护）费",
    "30214": "租赁费",
    "30215": "会议费",
    "30216": "培训费",
    "30217": "公务接待费",
    "30218": "专用材料费",
    "30224": "被装购置费",
    "30225": "专用燃料费",
    "30226": "劳务费",
    "30227": "委托业务费",
    "30228": "工会经费",
    "30229": "福利费",
    "30231": "公务用车运行维护费",
    "30239": "其他交通费用",
    "30240": "税金及附加费用",
    "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助",
    "30301": "离休费",
    "30302": "退休费",
    "30303": "退职（役）费",
    "30304": "抚恤金",
    "30305": "生活补助",
    "30306": "救济费",
    "30307": "医疗费补助",
    "30308": "助学金",
    "30309": "奖励金",
    "30310": "个人农业生产补贴",
    "30311": "代缴社会保险费",
    "30399": "其他对个人和家庭的补助",
    "310": "资本性支出",
    "31001": "房屋建筑物购建",
    "31002": "办公设备购置",
    "31003": "专用设备购置",
    "31007": "信息网络及软件购置更新",
    "31013": "公务用车购置",
    "31019": "其他交通工具购置",
    "31021": "文物和陈列品购置",
    "31022": "无形资产购置",
    "31099": "其他资本性支出",
}
# 人员经费 = 301 + 303; 公用经费 = 302 + 310 (domain.md §5.5).
PERSONNEL_GROUPS = ("301", "303")
PUBLIC_GROUPS = ("302", "310")

THREE_PUBLIC: dict[str, str] = {
    "total": "“三公”经费",
    "outbound": "因公出国（境）费",
    "vehicle": "公务用车购置及运行费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行费",
    "reception": "公务接待费",
    "reception_foreign": "外宾接待支出",
    "reception_domestic": "国内公务接待支出",
}

VEHICLE_CATEGORIES: dict[str, str] = {
    "senior_leader": "副部（省）级及以上领导用车",
    "principal": "主要负责人用车",
    "confidential": "机要通信用车",
    "emergency": "应急保障用车",
    "law_enforcement": "执法执勤用车",
    "special_technical": "特种专业技术用车",
    "retiree_service": "离退休干部服务用车",
    "other": "其他用车",
}

PROCUREMENT_KINDS: dict[str, str] = {
    "goods": "货物",
    "works": "工程",
    "services": "服务",
}

CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 24 → 二十四 (section and list numbering)."""
    if n <= 0 or n >= 100:
        raise ValueError(f"cannot number {n} in Chinese")
    tens, ones = divmod(n, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else CHINESE_NUMERALS[tens - 1]) + "十"
    if ones:
        text += CHINESE_NUMERALS[ones - 1]
    return text

# The 名词解释 lists are region data: reportgen/regions/default.yaml and shanghai.yaml (glossary:).
