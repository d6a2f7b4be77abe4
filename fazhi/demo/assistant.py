"""The assistant's demo knowledge: the two compliance guides the report names and three FAQs, short
texts marked 【演示文本】 (a bureau uploads its real guides), then a rebuild of the index queued for
the background worker (`fazhi db_worker`, started by `make run`). Through the assistant's own
services; nothing is written twice on a second run."""

from __future__ import annotations

from fazhi.assistant import services
from fazhi.assistant.models import DocumentKind, IndexBuild, KnowledgeDocument

MARK = "【演示文本】"
DOCUMENTS: tuple[tuple[str, str, str], ...] = (
    (
        "互联网平台企业个人信息保护合规指引",
        DocumentKind.GUIDE,
        f"""{MARK}本指引供辖区互联网平台企业对照自查，不代替法律法规。
一、处理个人信息的合法基础
处理个人信息应当取得个人同意，或者具有订立、履行合同所必需等法定情形；告知处理目的、方式和保存期限，不得过度收集（个人信息保护法第十三条、第十七条）。
二、敏感个人信息
处理生物识别、医疗健康、金融账户、行踪轨迹等敏感个人信息，以及不满十四周岁未成年人的个人信息，应当取得单独同意并进行个人信息保护影响评估（个人信息保护法第二十八条至第三十二条、第五十五条）。
三、自动化决策与个性化推送
利用个人信息进行自动化决策应当保证透明和结果公平、公正，不得对个人在交易价格等交易条件上实行不合理的差别待遇；个性化推送应当同时提供不针对其个人特征的选项或便捷的拒绝方式（个人信息保护法第二十四条）。
四、平台的特别义务
提供重要互联网平台服务、用户数量巨大的平台应当成立主要由外部成员组成的独立机构进行监督，定期发布个人信息保护社会责任报告（个人信息保护法第五十八条）。
五、个人信息泄露的处置
发生或者可能发生个人信息泄露、篡改、丢失的，应当立即采取补救措施，并通知履行个人信息保护职责的部门和个人（个人信息保护法第五十七条）。""",
    ),
    (
        "中小微企业人力资源管理合规指引",
        DocumentKind.GUIDE,
        f"""{MARK}本指引供辖区中小微企业对照自查，不代替法律法规。
一、订立书面劳动合同
建立劳动关系应当订立书面劳动合同；自用工之日起超过一个月不满一年未订立的，应当向劳动者每月支付二倍的工资（劳动合同法第十条、第八十二条）。
二、试用期
同一用人单位与同一劳动者只能约定一次试用期；劳动合同期限三个月以上不满一年的，试用期不得超过一个月（劳动合同法第十九条）。
三、工资支付
工资应当以货币形式按月支付给劳动者本人，不得克扣或者无故拖欠（劳动法第五十条）；拖欠工资的，劳动者可以申请劳动争议调解或仲裁，也可以向劳动保障监察机构投诉。
四、解除劳动合同
用人单位单方解除劳动合同应当有法定理由并事先通知工会；依法应当支付经济补偿的，按劳动者在本单位工作的年限，每满一年支付一个月工资（劳动合同法第四十三条、第四十七条）。
五、劳动争议的预防
企业可以设立劳动争议调解委员会；发生争议的，先协商，协商不成可以申请调解或者劳动争议仲裁（劳动争议调解仲裁法第四条、第五条、第十条）。""",
    ),
    (
        "常见问题：申请法律援助需要什么条件",
        DocumentKind.FAQ,
        f"""{MARK}问：申请法律援助需要什么条件？
答：因经济困难没有委托代理人的，可以向法律援助机构申请法律援助；请求给付赡养费、抚养费，请求支付劳动报酬等事项属于法律援助的范围。无固定生活来源的老年人、残疾人等申请法律援助的，免予核查经济困难状况（法律援助法第三十一条、第四十二条）。可以在本门户“网上办事”中提交法律援助申请，或拨打 12348 咨询。""",
    ),
    (
        "常见问题：邻里纠纷可以找谁调解",
        DocumentKind.FAQ,
        f"""{MARK}问：邻里纠纷可以找谁调解？
答：可以向所在村（居）民委员会的人民调解委员会或镇街司法所申请调解，调解不收费；经调解达成的调解协议具有法律约束力，双方可以共同向人民法院申请司法确认（人民调解法第十七条、第三十一条、第三十三条）。""",
    ),
    (
        "常见问题：对行政处罚不服怎么办",
        DocumentKind.FAQ,
        f"""{MARK}问：对行政机关的罚款决定不服怎么办？
答：可以自知道该行政行为之日起六十日内向区人民政府申请行政复议，也可以在六个月内直接向人民法院提起行政诉讼；在本门户“网上办事”中可以提交行政复议申请，提交前会提示申请期限（行政复议法第二十条，行政诉讼法第四十六条）。""",
    ),
)


def generate() -> IndexBuild:
    """The demo documents (skipping any already there), then a rebuild queued."""
    for title, kind, text in DOCUMENTS:
        if not KnowledgeDocument.objects.filter(title=title).exists():
            services.save_document(actor=None, title=title, kind=kind, text=text, is_demo=True)
    return services.start_rebuild(actor=None)
