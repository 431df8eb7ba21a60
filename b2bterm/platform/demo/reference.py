"""Fixed reference data of the demo distributor: brands, categories, warehouses, carriers, cities, company names."""

from __future__ import annotations

# code -> (name, name_zh, SKU prefix, EAN company prefix (7 digits))
BRANDS: dict[str, tuple[str, str, str, str]] = {
    "SE": ("Schneider Electric", "施耐德", "SE", "3389110"),
    "SIE": ("Siemens", "西门子", "SIE", "4011209"),
    "ABB": ("ABB", "ABB", "ABB", "7612271"),
    "OMR": ("Omron", "欧姆龙", "OMR", "4536854"),
    "MIT": ("Mitsubishi Electric", "三菱电机", "MIT", "4547441"),
    "CHT": ("CHINT", "正泰", "CHT", "6943750"),
    "DLX": ("DELIXI", "德力西", "DLX", "6934562"),
    "PXC": ("Phoenix Contact", "菲尼克斯", "PXC", "4017918"),
    "WM": ("Weidmüller", "魏德米勒", "WM", "4008190"),
    "LS": ("LS Electric", "LS产电", "LS", "8801130"),
    "ETN": ("Eaton", "伊顿", "ETN", "4015080"),
    "LEG": ("Legrand", "罗格朗", "LEG", "3245060"),
    "FEC": ("Far East Cable", "远东电缆", "FEC", "6921547"),
    "QF": ("Qifan Cable", "起帆电缆", "QF", "6938224"),
    "PDA": ("Panda Cable", "熊猫电线", "PDA", "6902238"),
    "BSC": ("Baosheng Cable", "宝胜电缆", "BSC", "6925911"),
    "HTG": ("Hengtong Cable", "亨通电缆", "HTG", "6940186"),
}

# code -> (name_en, name_zh)
CATEGORIES: dict[str, tuple[str, str]] = {
    "contactor": ("Contactors", "接触器"),
    "mcb": ("Miniature circuit breakers", "微型断路器"),
    "rcbo": ("Residual current breakers", "漏电断路器"),
    "mccb": ("Moulded case circuit breakers", "塑壳断路器"),
    "mpcb": ("Motor protection circuit breakers", "电动机保护断路器"),
    "overload": ("Thermal overload relays", "热过载继电器"),
    "relay": ("Control relays", "中间继电器"),
    "timer": ("Timer relays", "时间继电器"),
    "plc": ("PLCs and I/O modules", "PLC及扩展模块"),
    "prox": ("Proximity sensors", "接近开关"),
    "photo": ("Photoelectric sensors", "光电开关"),
    "pushbutton": ("Pushbuttons and pilot lights", "按钮及指示灯"),
    "terminal": ("Terminal blocks and accessories", "接线端子及附件"),
    "cable": ("Cable and wire", "电缆电线"),
}

# code, name, name_zh, city (for tracking events)
WAREHOUSES: list[tuple[str, str, str]] = [
    ("SH", "Shanghai Qingpu DC 上海青浦仓", "上海"),
    ("GZ", "Guangzhou Baiyun DC 广州白云仓", "广州"),
    ("BJ", "Beijing Daxing DC 北京大兴仓", "北京"),
    ("CD", "Chengdu Shuangliu DC 成都双流仓", "成都"),
]

# code, name, tracking-number shape, tracking url template
CARRIERS: list[tuple[str, str, str, str]] = [
    ("SF", "SF Express 顺丰速运", "SF{d13}", "https://www.sf-express.com/chn/sc/waybill/waybill-detail/{no}"),
    ("JD", "JD Logistics 京东物流", "JDVA{d11}", "https://www.jdl.com/orderSearch/?waybillCodes={no}"),
    ("DB", "Deppon 德邦快递", "DPK{d12}", "https://www.deppon.com/newwebsite/track/ordertrack?orderNo={no}"),
    ("ZTO", "ZTO Express 中通快递", "7{d13}", "https://www.zto.com/express/expressCheck.html?txtBill={no}"),
    ("YTO", "YTO Express 圆通速递", "YT{d13}", "https://www.yto.net.cn/gw/service/waybill?waybillNo={no}"),
]

# (city, province, districts, sorting hub, phone area code)
CITIES: list[tuple[str, str, tuple[str, ...], str, str]] = [
    ("上海", "上海市", ("浦东新区", "闵行区", "嘉定区", "松江区", "宝山区"), "上海青浦转运中心", "021"),
    ("苏州", "江苏省", ("工业园区", "吴中区", "相城区", "高新区"), "苏州转运中心", "0512"),
    ("无锡", "江苏省", ("新吴区", "锡山区", "惠山区"), "无锡转运中心", "0510"),
    ("南京", "江苏省", ("江宁区", "栖霞区", "浦口区"), "南京转运中心", "025"),
    ("杭州", "浙江省", ("萧山区", "余杭区", "滨江区"), "杭州转运中心", "0571"),
    ("宁波", "浙江省", ("北仑区", "鄞州区", "镇海区"), "宁波转运中心", "0574"),
    ("温州", "浙江省", ("乐清市", "瓯海区", "龙湾区"), "温州转运中心", "0577"),
    ("广州", "广东省", ("白云区", "番禺区", "黄埔区", "花都区"), "广州白云转运中心", "020"),
    ("深圳", "广东省", ("宝安区", "龙岗区", "南山区", "光明区"), "深圳转运中心", "0755"),
    ("东莞", "广东省", ("长安镇", "松山湖", "虎门镇"), "东莞转运中心", "0769"),
    ("佛山", "广东省", ("顺德区", "南海区", "禅城区"), "佛山转运中心", "0757"),
    ("北京", "北京市", ("大兴区", "顺义区", "昌平区", "亦庄经济开发区"), "北京转运中心", "010"),
    ("天津", "天津市", ("滨海新区", "西青区", "东丽区"), "天津转运中心", "022"),
    ("成都", "四川省", ("双流区", "郫都区", "龙泉驿区"), "成都转运中心", "028"),
    ("重庆", "重庆市", ("渝北区", "九龙坡区", "两江新区"), "重庆转运中心", "023"),
    ("武汉", "湖北省", ("东西湖区", "江夏区", "蔡甸区"), "武汉转运中心", "027"),
    ("西安", "陕西省", ("高新区", "经开区", "长安区"), "西安转运中心", "029"),
    ("青岛", "山东省", ("黄岛区", "城阳区", "即墨区"), "青岛转运中心", "0532"),
    ("郑州", "河南省", ("经开区", "中原区", "航空港区"), "郑州转运中心", "0371"),
    ("长沙", "湖南省", ("雨花区", "望城区", "长沙县"), "长沙转运中心", "0731"),
]

ROADS = ("华夏路", "金沙江路", "工业大道", "创业路", "科技园路", "新华路", "建设路", "长江路", "人民路", "兴业路",
         "环城北路", "振兴路", "腾飞大道", "开发区大道", "东方路")

# Company name parts: (zh stem, en stem)
COMPANY_STEMS: list[tuple[str, str]] = [
    ("恒信", "Hengxin"), ("华创", "Huachuang"), ("鼎力", "Dingli"), ("中联", "Zhonglian"), ("科瑞", "Kerui"),
    ("宏达", "Hongda"), ("金盛", "Jinsheng"), ("瑞丰", "Ruifeng"), ("东方", "Dongfang"), ("博远", "Boyuan"),
    ("海川", "Haichuan"), ("天成", "Tiancheng"), ("佳美", "Jiamei"), ("鸿运", "Hongyun"), ("新亚", "Xinya"),
    ("正源", "Zhengyuan"), ("汇通", "Huitong"), ("永昌", "Yongchang"), ("德胜", "Desheng"), ("长城", "Changcheng"),
    ("威力", "Weili"), ("明阳", "Mingyang"), ("精工", "Jinggong"), ("安达", "Anda"), ("启航", "Qihang"),
    ("联创", "Lianchuang"), ("同方", "Tongfang"), ("盛世", "Shengshi"), ("星辰", "Xingchen"), ("广源", "Guangyuan"),
    ("顺和", "Shunhe"), ("万丰", "Wanfeng"), ("嘉禾", "Jiahe"), ("泰来", "Tailai"), ("众诚", "Zhongcheng"),
    ("远大", "Yuanda"), ("康力", "Kangli"), ("宇航", "Yuhang"), ("華美", "Huamei"), ("凯信", "Kaixin"),
    ("三友", "Sanyou"), ("伟业", "Weiye"), ("智达", "Zhida"), ("卓越", "Zhuoyue"), ("银河", "Yinhe"),
    ("富达", "Fuda"), ("通力", "Tongli"), ("汇丰源", "Huifengyuan"),
]

# group code -> (zh business, en business, label)
GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "OEM": (("机械制造有限公司", "自动化设备有限公司", "智能装备股份有限公司", "包装机械有限公司"),
            ("Machinery Co., Ltd.", "Automation Equipment Co., Ltd.", "Intelligent Equipment Co., Ltd.",
             "Packaging Machinery Co., Ltd."), "OEM machine builders"),
    "PANEL": (("电气成套设备有限公司", "电控设备有限公司", "配电设备有限公司"),
              ("Electrical Switchgear Co., Ltd.", "Electric Control Co., Ltd.", "Power Distribution Co., Ltd."),
              "Panel builders"),
    "CONTRACTOR": (("机电安装工程有限公司", "建设工程有限公司", "电力工程有限公司"),
                   ("M&E Engineering Co., Ltd.", "Construction Engineering Co., Ltd.",
                    "Electric Power Engineering Co., Ltd."), "Electrical contractors"),
    "RETAIL": (("五金机电商行", "电器经营部", "机电设备商行"),
               ("Hardware & Electrical Store", "Electrical Trading Dept.", "Electromechanical Store"),
               "Retail and trade counters"),
    "MRO": (("化工有限公司", "食品有限公司", "纺织有限公司", "汽车零部件有限公司"),
            ("Chemical Co., Ltd.", "Food Co., Ltd.", "Textile Co., Ltd.", "Auto Parts Co., Ltd."),
            "Plant maintenance (MRO)"),
}

PAYMENT_TERMS = ("款到发货 / Cash before delivery", "月结30天 / Net 30", "月结60天 / Net 60", "月结90天 / Net 90",
                 "货到付款 / Cash on delivery")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建华",
         "志强", "海燕", "国强", "晓东", "丽娟")
