#!/usr/bin/env python3
# make-import-fixtures.py: writes the CSV import fixtures of tests/data (docs/import-formats.md,
# tests/data/import-fixtures.md). The files are committed; this script documents how they were made and
# regenerates them byte for byte. Outcomes are listed in import-fixtures.md and asserted in
# tests/test-importer.c and tests/test-csv-reader.c.
#
#   python3 tests/data/make-import-fixtures.py            # rewrite the fixtures
#   python3 tests/data/make-import-fixtures.py --big N F  # N valid prenatal rows into F (benchmark)
#
# The GB18030 fixture is produced with iconv(1), as Excel on a Chinese Windows would write it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def idn(area, birth, seq):
    """A valid 18-character resident ID (GB 11643): area code, YYYYMMDD, 3-digit sequence."""
    first17 = "%s%s%03d" % (area, birth, seq)
    assert len(first17) == 17
    return first17 + CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def write(name, text, newline="\n", bom=False):
    data = text.replace("\n", newline).encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def lines(*rows):
    return "".join(r + "\n" for r in rows)


P_EN = ("sample_no,id_number,name,phone,institution,sample_date,test_type,ga_weeks,ga_days,edd,"
        "weight_kg,t21_risk,t18_risk,afp_mom,nt_mm,nipt_t21,nipt_t18,nipt_t13,nipt_sca,nipt_status")
P_ZH = ("样本编号,身份证号,姓名,联系电话,筛查机构,采样日期,筛查方式,孕周,孕天,预产期,"
        "体重,21三体风险,18三体风险,AFP MoM,NT,无创21,无创18,无创13,性染色体异常,检测状态")
N_EN = ("sample_no,mother_id_number,mother_name,baby_name,sex,birth_date,hospital,panel,variants,"
        "hearing_left,hearing_right,hearing_date,rescreen_left,rescreen_right,rescreen_date")
N_ZH = ("样本编号,母亲身份证号,母亲姓名,新生儿姓名,性别,出生日期,出生医院,检测位点,检出突变,"
        "初筛左耳,初筛右耳,初筛日期,复筛左耳,复筛右耳,复筛日期")
C_EN = ("exam_no,id_number,name,exam_date,institution,hpv,hpv_types,cytology,via_vili,colposcopy,"
        "cervical_histology,cbe,us_birads,mammo_birads,breast_pathology,cancer_stage")
C_ZH = ("检查编号,身份证号,姓名,检查日期,检查机构,HPV结果,HPV分型,细胞学,VIA/VILI,阴道镜,"
        "宫颈病理,乳腺触诊,乳腺超声BI-RADS,钼靶BI-RADS,乳腺病理,分期")


def prenatal_good_en(changed=False):
    risk = "1/1500" if changed else "1/150"
    return lines(
        P_EN,
        f"P2026-0001,{idn('110105', '19950312', 2)},王芳,13800138000,市妇幼保健院,2026-03-10,early_combined,12,3,,55.5,1/5000,1/20000,,1.8,,,,,",
        f"P2026-0002,{idn('440305', '19920708', 24)},李娜,,,2026-04-02,mid_double,16,2,,,{risk},1/5000,1.1,,,,,,",
        f"P2026-0003,{idn('310104', '19900101', 46)},张静,,,2026-04-15,mid_quad,17,0,2026-09-23,,1/600,1/8000,2.6,,,,,,",
        f"P2026-0004,{idn('510107', '19960520', 68)},刘洋,,,2026-05-06,nipt,13,1,,,,,,,high,low,low,none,ok",
        f"P2026-0005,{idn('110105', '19940909', 80)},陈敏,,,2026-05-20,nipt,14,0,,,,,,,,,,,fail",
        f"P2026-0006,{idn('440305', '19880214', 102)},杨丽,,,2026-06-01,mid_triple,22,0,,,1/2000,1/9000,1.0,,,,,,",
    )


def prenatal_good_zh():
    return lines(
        P_ZH,
        f"P2026-1001,{idn('110105', '19930311', 122)},赵雪,13912345678,区妇幼保健所,2026/3/10,早孕联合,12+3,,,,1/5000,1/20000,,2.0,,,,,",
        f"P2026-1002,{idn('440305', '19930615', 144)},孙丽,,,20260402,中孕二联,16,2,,,270,5000,,,,,,,",
        f"P2026-1003,{idn('310104', '19970101', 166)},周婷,,,2026-05-06,无创DNA,13,1,,,,,,,低风险,低风险,低风险,无,成功",
        f"P2026-1004,{idn('510107', '19921212', 188)},吴倩,,,2026-05-20,无创DNA,14,0,,,,,,,低风险,高风险,低风险,无,成功",
    )


def prenatal_reordered():
    return lines(
        "Test_Type,样本编号,NAME,备注,ID_Number,采样日期,孕天,GA_WEEKS,T21_risk,T18_RISK",
        f"mid_triple,P2026-2001,郑洁,随访中,{idn('110105', '19960606', 206)},2026-04-20,3,17,1/3000,1/10000",
        f"EARLY_COMBINED,P2026-2002,冯雪,,{idn('440305', '19980808', 228)},2026-04-21,0,11,1/8000,1/40000",
    )


def newborn_good_en():
    return lines(
        N_EN,
        f"N2026-0001,{idn('110105', '19930303', 242)},王芳,王芳之子,1,2026-08-01,市妇幼保健院,9,,pass,pass,2026-08-03,,,",
        f"N2026-0002,{idn('440305', '19920404', 264)},李娜,,2,2026-08-02,市妇幼保健院,9,GJB2:c.235delC:het,pass,pass,2026-08-04,,,",
        f"N2026-0003,{idn('310104', '19900505', 286)},张静,,1,2026-08-03,,9,GJB2:235delC:hom,refer,pass,2026-08-05,,,",
        f"N2026-0004,{idn('510107', '19940606', 308)},刘洋,,2,2026-08-04,,9,GJB2:c.235delC:het;SLC26A4:IVS7-2A>G:het,pass,pass,2026-08-06,,,",
        f"N2026-0005,{idn('110105', '19950707', 320)},陈敏,,1,2026-08-05,,4,MT-RNR1:m.1555A>G:homoplasmic,pass,pass,2026-08-07,,,",
        f"N2026-0006,{idn('440305', '19910808', 342)},杨丽,,2,2026-07-01,,15,,refer,refer,2026-07-03,refer,pass,2026-08-12",
        f"N2026-0007,{idn('310104', '19960909', 364)},黄敏,,1,2026-08-10,,9,,not_done,pass,,,,",
    )


def newborn_good_zh():
    return lines(
        N_ZH,
        f"N2026-1001,{idn('110105', '19920202', 386)},林红,林红之女,女,2026/8/11,区医院,9位点,未检出,通过,通过,2026/8/13,,,",
        f"N2026-1002,{idn('440305', '19930313', 408)},何静,,男,20260812,,15,SLC26A4:IVS7-2A>G:杂合；SLC26A4:c.2168A>G:杂合,通过,通过,2026-08-14,,,",
        f"N2026-1003,{idn('310104', '19940424', 420)},郭丽,,男,2026-08-13,,9,12S rRNA:C1494T:异质性,未通过,通过,2026-08-15,通过,通过,2026-09-20",
    )


def two_cancer_good_en():
    return lines(
        C_EN,
        f"T2026-0001,{idn('110105', '19800115', 502)},王芳,2026-03-02,社区卫生服务中心,negative,,NILM,,,,normal,2,,,",
        f"T2026-0002,{idn('440305', '19750220', 524)},李娜,2026-03-03,,positive,16;52,NILM,,,,normal,1,,,",
        f"T2026-0003,{idn('310104', '19700325', 546)},张静,2026-03-04,,positive,52,NILM,,,,normal,1,,,",
        f"T2026-0004,{idn('510107', '19780430', 568)},刘洋,2026-03-05,,negative,,ASC-US,,,,normal,3,,,",
        f"T2026-0005,{idn('110105', '19680505', 580)},陈敏,2026-03-06,,negative,,NILM,,,,abnormal,4,,,",
        f"T2026-0006,{idn('440305', '19720606', 602)},杨丽,2026-03-07,,positive,18,HSIL,,abnormal,CIN2,normal,2,,,",
        f"T2026-0007,{idn('310104', '19650707', 624)},黄敏,2026-03-08,,not_done,,,,,,normal,5,4C,invasive,I",
    )


def two_cancer_good_zh():
    return lines(
        C_ZH,
        f"T2026-1001,{idn('110105', '19810808', 646)},林红,2026/3/9,乡镇卫生院,阴性,,未见上皮内病变或恶性细胞,阴性,,,正常,2类,,,",
        f"T2026-1002,{idn('440305', '19790909', 668)},何静,20260310,,阳性,\"HPV16,HPV18\",低级别鳞状上皮内病变,,异常,CIN Ⅰ,正常,,,,",
        f"T2026-1003,{idn('310104', '19661010', 680)},郭丽,2026-03-11,,未做,,,,,,异常,,,,",
        f"T2026-1004,{idn('510107', '19701111', 702)},马丽,2026-03-12,,阴性,,未见上皮内病变,,,,正常,BI-RADS 4B,0类,导管原位癌,0期",
    )


def prenatal_gb18030():
    # 𠮷 (U+20BB7) is a four-byte GB18030 character, absent from GBK.
    return lines(
        P_ZH,
        f"P2026-3001,{idn('110105', '19940101', 722)},𠮷娜,,市妇幼保健院,2026-04-01,早孕联合,12,0,,,1/6000,1/30000,,1.5,,,,,",
        f"P2026-3002,{idn('440305', '19950202', 744)},欧阳婧,,,2026-04-02,中孕三联,18,1,,,1/100,1/30000,1.2,,,,,,",
        f"P2026-3003,{idn('310104', '19960303', 766)},诸葛玥,,,2026-04-03,无创DNA,15,0,,,,,,,低风险,低风险,低风险,无,成功",
    )


def prenatal_excel_id():
    # Excel keeps 15 significant digits of an all-digit ID: 110105199304088042 -> 110105199304088000
    mangled = idn('110105', '19930408', 804)[:15] + "000"
    return lines(
        P_EN,
        f"P2026-4001,{idn('110105', '19920307', 782)},钱红,,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
        "P2026-4002,1.10105E+17,孙梅,,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
        f"P2026-4003,{mangled},李兰,,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
        f"2.02604E+11,{idn('110105', '19930408', 804)},周燕,,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
    )


def x_id():
    # a woman's ID whose check character is X
    for seq in range(2, 999, 2):
        n = idn('110105', '19900518', seq)
        if n.endswith("X"):
            return n
    raise SystemExit("no X id")


def prenatal_check_digit():
    good = idn('440305', '19910101', 826)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    fullwidth = "".join(chr(ord(c) - 0x30 + 0xFF10) if c.isdigit() else c
                        for c in idn('310104', '19920202', 848))
    return lines(
        P_EN,
        f"P2026-5001,{x_id().lower()},吴兰,,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
        f"P2026-5002,{wrong},郑红,,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
        f"P2026-5003,{fullwidth},王梅,,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
        f"P2026-5004,{idn('510107', '19930303', 871)},冯刚,,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
        f"P2026-5005,{idn('510107', '19950230', 892)[:17]}1,陈雪,,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
    )


def prenatal_ragged():
    row = "{key},{id},{name},,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,"
    return lines(
        P_EN,
        row.format(key="P2026-6001", id=idn('110105', '19940404', 902), name="褚红"),
        f"P2026-6002,{idn('110105', '19940405', 924)},卫红,,,2026-04-01,mid_double,16,0",
        row.format(key="P2026-6003", id=idn('110105', '19940406', 946), name="蒋红") + ",extra",
        row.format(key="P2026-6004", id=idn('110105', '19940407', 968), name="沈红") + ",,,",
        row.format(key="P2026-6005", id=idn('110105', '19940408', 980), name="韩红"),
    )


def two_cancer_multiline():
    return lines(
        C_EN,
        f"T2026-5001,{idn('110105', '19790101', 12)},朱红,2026-03-02,\"市妇幼保健院\n宫颈科\",negative,,NILM,,,,normal,2,,,",
        f"T2026-5002,{idn('110105', '19790102', 34)},\"Anna \"\"Li\"\"\",2026-03-02,\"第一, 第二门诊\",negative,,NILM,,,,normal,2,,,",
        f"T2026-5003,{idn('110105', '19790103', 56)},秦红,2026-03-02,\"区医院\n妇科\n二楼\",negative,,NILM,,,,normal,2,,,",
        f"T2026-5004,{idn('110105', '19790104', 78)},许红,2026-13-01,,negative,,NILM,,,,normal,2,,,",
    )


def prenatal_formula():
    return lines(
        P_EN,
        f"P2026-7001,{idn('110105', '19940505', 112)},\"=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\",+8613800138000,@SUM(A1:A9),2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
        f"P2026-7002,{idn('110105', '19940506', 134)},-王芳,,=1+2,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
        f"P2026-7003,{idn('110105', '19940507', 156)},何丽,,,2026-04-01,mid_double,16,0,,,=1/100,1/20000,,,,,,,",
    )


def newborn_unknown_variant():
    row = "{key},{id},母亲{n},,1,2026-08-01,,{panel},{variants},pass,pass,,,,"
    return lines(
        N_EN,
        row.format(key="N2026-7001", id=idn('110105', '19900101', 202), n="甲", panel="9", variants="SLC26A4:c.1229C>T:het"),
        row.format(key="N2026-7002", id=idn('110105', '19900102', 224), n="乙", panel="15", variants="SLC26A4:c.1229C>T:het"),
        row.format(key="N2026-7003", id=idn('110105', '19900103', 246), n="丙", panel="9", variants="OTOF:c.2485C>T:het"),
        row.format(key="N2026-7004", id=idn('110105', '19900104', 268), n="丁", panel="9", variants="GJB2:c.235delC:homoplasmic"),
        row.format(key="N2026-7005", id=idn('110105', '19900105', 280), n="戊", panel="99", variants=""),
        row.format(key="N2026-7006", id=idn('110105', '19900106', 302), n="己", panel="9", variants="GJB2-c.235delC-het"),
    )


def newborn_variant_spellings():
    """Lab reports' spellings of the panels' loci: current HGVS, IVS and protein names."""
    row = "{key},{id},母亲{n},,1,2026-08-01,,{panel},{variants},pass,pass,,,,"
    return lines(
        N_EN,
        row.format(key="N2026-7101", id=idn('110105', '19900201', 202), n="甲", panel="15",
                   variants="GJB2:c.235del:het;SLC26A4:IVS15+5G>A:het"),
        row.format(key="N2026-7102", id=idn('110105', '19900202', 224), n="乙", panel="15",
                   variants="GJB2:p.Leu79CysfsTer3:het;GJB2:c.299_300del:het"),
        row.format(key="N2026-7103", id=idn('110105', '19900203', 246), n="丙", panel="9",
                   variants="GJB3:p.R180X:het"),
        row.format(key="N2026-7104", id=idn('110105', '19900204', 268), n="丁", panel="15",
                   variants="SLC26A4:p.N392Y:het;SLC26A4:p.His723Arg:het"),
        row.format(key="N2026-7105", id=idn('110105', '19900205', 280), n="戊", panel="9",
                   variants="GJB2:c.35del:het;GJB2:c.176_191del:het"),
        row.format(key="N2026-7106", id=idn('110105', '19900206', 302), n="己", panel="4",
                   variants="GJB2:235del:hom;MT-RNR1:A1555G:homoplasmic"),
        row.format(key="N2026-7107", id=idn('110105', '19900207', 324), n="庚", panel="4",
                   variants="SLC26A4:p.His723Arg:het"),
        row.format(key="N2026-7108", id=idn('110105', '19900208', 346), n="辛", panel="15",
                   variants="GJB2:c.235delC:het;GJB2:p.L79Cfs*3:het"),
    )


def prenatal_region_code():
    """ID numbers whose address code names no province (00, 99) or a whole province (xx0000)."""
    row = "{key},{id},{name},,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,"
    return lines(
        P_EN,
        row.format(key="P2026-5101", id=idn('000000', '19910101', 402), name="甲兰"),
        row.format(key="P2026-5102", id=idn('990101', '19910102', 424), name="乙兰"),
        row.format(key="P2026-5103", id=idn('440000', '19910103', 446), name="丙兰"),
        row.format(key="P2026-5104", id=idn('650102', '19910104', 468), name="丁兰"),
    )


def prenatal_duplicate_keys():
    row = "{key},{id},{name},,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,"
    return lines(
        P_EN,
        row.format(key="P2026-8001", id=idn('110105', '19910301', 322), name="甲红"),
        row.format(key="P2026-8002", id=idn('110105', '19910302', 344), name="乙红"),
        row.format(key="P2026-8001", id=idn('110105', '19910303', 366), name="丙红"),
    )


def two_cancer_bom():
    return lines(
        C_EN,
        f"T2026-6001,{idn('440305', '19800101', 388)},林青,2026-03-02,,negative,,NILM,,,,normal,1,,,",
        f"T2026-6002,{idn('440305', '19800102', 400)},林蓝,2026-03-02,,positive,31,ASC-H,,,,normal,1,,,",
    )


def newborn_crlf():
    return lines(
        N_EN,
        f"N2026-8001,{idn('310104', '19920101', 422)},许兰,,1,2026-08-01,,9,,pass,pass,2026-08-02,,,",
        f"N2026-8002,{idn('310104', '19920102', 444)},许梅,,2,2026-08-01,\"市妇幼保健院\n产科\",9,,pass,pass,2026-08-02,,,",
        f"N2026-8003,{idn('310104', '19920103', 466)},许竹,,3,2026-08-01,,9,,pass,pass,2026-08-02,,,",
    )


def prenatal_invalid_values():
    return lines(
        P_EN,
        f"P2026-9001,{idn('110105', '19920601', 502)},甲,,,2026-04-01,mid_double,16,0,,,,1/20000,,,,,,,",
        f"P2026-9002,{idn('110105', '19920602', 524)},乙,,,2026-04-01,nipt,16,0,,,1/300,,,,low,low,low,,",
        f"P2026-9003,{idn('110105', '19920603', 546)},丙,,,2099-01-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
        f"P2026-9004,{idn('110105', '19920604', 568)},丁,,,2026-04-01,foo,16,0,,,1/5000,1/20000,,,,,,,",
        f"P2026-9005,{idn('110105', '19920605', 580)},,,,2026-04-01,mid_double,abc,0,,\"60,5\",1/5000,1/20000,,,,,,,",
    )


def prenatal_blank_lines():
    row = "{key},{id},{name},,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,"
    return (P_EN + "\n" +
            row.format(key="P2026-9101", id=idn('110105', '19930701', 602), name="甲兰") + "\n" +
            "\n" +
            ",,,,,,,,,,,,,,,,,,," + "\n" +
            row.format(key="P2026-9102", id=idn('110105', '19930702', 624), name="乙兰") + "\n" +
            "\n\n")


def prenatal_unterminated():
    return lines(
        P_EN,
        f"P2026-9201,{idn('110105', '19930801', 646)},甲梅,,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
        f"P2026-9202,{idn('110105', '19930802', 668)},\"乙梅,,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
        f"P2026-9203,{idn('110105', '19930803', 680)},丙梅,,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,",
    )


# ---- follow-on files (docs/import-formats.md, "Follow-on files") -------------------------------
# Their women and newborns are those of prenatal-good-en.csv, prenatal-good-zh.csv,
# newborn-good-en.csv and newborn-good-zh.csv: imported after those, every row finds its case
# (but the rows of the *-unlinked files).

D_EN = "diagnosis_no,id_number,edd,procedure_date,procedure,method,result,condition,detail"
D_ZH = "诊断编号,身份证号,预产期,取材日期,取材方式,检测方法,诊断结果,异常类别,诊断描述"
O_EN = "id_number,edd,end_date,outcome,ga_weeks,babies,birth_defect,condition"
O_ZH = "身份证号,预产期,结局日期,妊娠结局,终止孕周,胎数,出生缺陷,缺陷类别"
A_EN = "sample_no,diagnosis_date,left_degree,right_degree,loss_type,intervention,intervention_date"
A_ZH = "样本编号,诊断日期,左耳程度,右耳程度,听力损失类型,干预方式,干预日期"


def edd(sample_date, weeks, days):
    """The expected delivery date the importer derives: sample date + (280 - gestational age)."""
    d = datetime.date.fromisoformat(sample_date) + datetime.timedelta(days=280 - (weeks * 7 + days))
    return d.isoformat()


# The women of prenatal-good-en.csv and prenatal-good-zh.csv: ID number and expected delivery date.
W1 = (idn('110105', '19950312', 2), edd("2026-03-10", 12, 3))      # P2026-0001, low risk
W2 = (idn('440305', '19920708', 24), edd("2026-04-02", 16, 2))     # P2026-0002, T21 high
W3 = (idn('310104', '19900101', 46), "2026-09-23")                 # P2026-0003, sampled 2026-04-15
W4 = (idn('510107', '19960520', 68), edd("2026-05-06", 13, 1))     # P2026-0004, NIPT T21 high
W6 = (idn('440305', '19880214', 102), edd("2026-06-01", 22, 0))    # P2026-0006, sampled 2026-06-01
Z2 = (idn('440305', '19930615', 144), edd("2026-04-02", 16, 2))    # P2026-1002, T21 high
Z4 = (idn('510107', '19921212', 188), edd("2026-05-20", 14, 0))    # P2026-1004, NIPT T18 high
NOBODY = idn('110105', '19910909', 502)                            # screened nowhere


def diagnosis_good_en():
    return lines(
        D_EN,
        f"D2026-0001,{W2[0]},{W2[1]},2026-04-20,amniocentesis,karyotype,abnormal,T21,\"47,XX,+21\"",
        f"D2026-0002,{W4[0]},{W4[1]},2026-05-25,cvs,qf_pcr,normal,,",
        f"D2026-0003,{W3[0]},{W3[1]},2026-05-10,Amniocentesis,CMA,failed,,culture failed",
    )


def diagnosis_good_zh():
    return lines(
        D_ZH,
        f"D2026-1001,{Z2[0]},{Z2[1]},2026/4/22,羊膜腔穿刺,核型分析,异常,21三体,\"47,XY,+21\"",
        f"D2026-1002,{Z4[0]},{Z4[1]},20260605,脐血穿刺,染色体微阵列,正常,,",
    )


def diagnosis_gb18030():
    # 𠮷 (U+20BB7) is a four-byte GB18030 character, absent from GBK.
    return lines(
        D_ZH,
        f"D2026-2001,{W2[0]},{W2[1]},2026-04-21,绒毛取样,荧光原位杂交,异常,18三体,𠮷医生复核",
        f"D2026-2002,{W4[0]},{W4[1]},2026-05-26,超声诊断,超声,异常,结构异常,心脏结构异常",
    )


def diagnosis_invalid():
    good = idn('440305', '19920708', 24)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    return lines(
        D_EN,
        f"D2026-3001,{W2[0]},{W2[1]},2026-04-20,amniocentesis,karyotype,abnormal,,",
        f"D2026-3002,{wrong},,2026-04-20,amniocentesis,karyotype,normal,,",
        f"D2026-3003,{W4[0]},{W4[1]},2026-05-25,biopsy,karyotype,normal,,",
        f"D2026-3004,{W4[0]},{W4[1]},2026-05-25,cvs,karyotype,normal,,",
        f"D2026-3004,{W3[0]},{W3[1]},2026-05-10,amniocentesis,cma,normal,,",
        f"D2026-3006,{W3[0]},{W3[1]},,amniocentesis,cma,unknown,,",
    )


def diagnosis_unlinked():
    return lines(
        D_EN,
        f"D2026-4001,{NOBODY},2026-12-01,2026-06-10,amniocentesis,karyotype,normal,,",
    )


def outcome_good_en(changed=False):
    ga = "40" if changed else "39"
    return lines(
        O_EN,
        f"{W1[0]},{W1[1]},2026-09-15,live_birth,{ga},1,none,",
        f"{W2[0]},{W2[1]},2026-05-06,termination,21,1,yes,T21",
        f"{W6[0]},{W6[1]},2026-09-28,live_birth,38,2,none,",
    )


def outcome_good_zh():
    return lines(
        O_ZH,
        f"{Z2[0]},{Z2[1]},2026/5/8,引产,21,,有,21三体",
        f"{Z4[0]},{Z4[1]},20261005,活产,39,1,无,",
    )


def outcome_invalid():
    return lines(
        O_EN,
        f"{W3[0]},{W3[1]},2026-04-01,miscarriage,10,1,,",
        f"{W4[0]},{W4[1]},2026-10-20,live_birth,40,1,none,",
        f"{W4[0]},{W4[1]},2026-10-25,live_birth,40,1,none,",
        f"{W6[0]},{W6[1]},2026-09-28,live_birth,38,1,yes,",
        f"{W1[0]},{W1[1]},2026-09-15,born,39,1,none,",
    )


def audiology_good_en(changed=False):
    return lines(
        A_EN,
        f"N2026-0003,2026-09-10,severe,moderate,sensorineural,hearing_aid,{'2026-10-08' if changed else '2026-10-01'}",
        "N2026-0006,2026-09-01,normal,normal,,none,",
        "N2026-0001,2026-09-05,Normal,MILD,conductive,,",
    )


def audiology_good_zh():
    return lines(
        A_ZH,
        "N2026-1003,2026/10/9,重度,极重度,感音神经性,人工耳蜗,2026/10/30",
        "N2026-1002,20261002,正常,正常,,无,",
    )


def audiology_invalid():
    return lines(
        A_EN,
        "N2026-0003,2026-09-10,severe,moderate,sensorineural,hearing_aid,2026-09-01",
        "N2026-0006,2026-09-01,moderate,normal,,cochlear_implant,",
        "N2026-0001,2026-09-05,loud,normal,,,",
        "N2026-0002,2026-09-06,normal,normal,,none,",
        "N2026-0002,2026-09-06,mild,normal,,none,",
    )


def audiology_unlinked():
    return lines(
        A_EN,
        "N2026-0004,2026-09-12,normal,normal,,none,",
        "N2099-0001,2026-09-12,mild,normal,conductive,none,",
    )


def big(n, path):
    tests = ["early_combined", "mid_double", "mid_triple", "mid_quad", "nipt"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(P_EN + "\n")
        for i in range(n):
            year = 1985 + i % 15
            birth = "%04d%02d%02d" % (year, 1 + i % 12, 1 + i % 28)
            test = tests[i % 5]
            month = 1 + i % 9
            if test == "nipt":
                tail = ",,,,,low,low,low,none,ok"
                ga = "14,2"
            else:
                tail = ",1/%d,1/%d,1.%d,,,,,," % (100 + i % 5000, 300 + i % 20000, i % 10)
                ga = "11,3" if test == "early_combined" else "17,1"
            f.write("B%07d,%s,测试%d,1380000%04d,市妇幼保健院,2026-%02d-%02d,%s,%s,,%s%s\n"
                    % (i, idn("110105", birth, (i * 2) % 1000), i, i % 10000, month, 1 + i % 28, test, ga,
                       "", tail))



def prenatal_columns_zh():
    """The background and pregnancy columns in Chinese (居住地类型 for 户籍类型, a full-width area code)."""
    woman = idn('110105', '19950312', 2)
    return lines(
        "样本编号,身份证号,姓名,采样日期,筛查方式,孕周,孕天,21三体风险,18三体风险,居住地区划代码,资金来源,居住地类型,低保,"
        "胎数类型,试管婴儿,一年内输血,超声异常",
        f"P21,{woman},王芳,2026-03-10,早唐,12+3,,1/5000,1/20000,４１０１０５,免费项目,城镇,是,双胎,是,否,是",
        f"P22,{woman},王芳,2026-03-10,早唐,12+3,,1/5000,1/20000,410105,自费,农村,否,多胎,否,是,否",
        f"P23,{woman},王芳,2026-03-10,早唐,12+3,,1/5000,1/20000,410105,医保,农村,否,单胎,否,否,否",
        f"P24,{woman},王芳,2026-03-10,早唐,12+3,,1/5000,1/20000,410105,其他,农村,否,单胎,否,否,否",
    )


def newborn_columns_zh():
    """NICU, hearing method, gestation at birth (a full-width number) and a record without a gene test."""
    mother = idn('110105', '19930303', 242)
    return lines(
        "样本编号,母亲身份证号,母亲姓名,性别,出生日期,检测位点,检出突变,初筛左耳,初筛右耳,居住地区划代码,资金来源,"
        "NICU住院>5天,筛查方法,出生孕周",
        f"N21,{mother},王芳,女,2026-08-01,9位点,,通过,通过,410105,免费项目,是,耳声发射,３７",
        f"N22,{mother},王芳,女,2026-08-01,,,通过,通过,410105,医保,否,AABR,22",
    )


def two_cancer_columns_zh():
    """Per-breast BI-RADS (the single columns derived), biopsy, each track's stage and treatment, the old 分期."""
    woman = idn('110105', '19800115', 502)
    return lines(
        "检查编号,身份证号,姓名,检查日期,细胞学,乳腺触诊,左乳超声BI-RADS,右乳超声BI-RADS,左乳钼靶BI-RADS,右乳钼靶BI-RADS,"
        "宫颈病理,乳腺病理,分期,宫颈治疗,宫颈治疗日期,乳腺治疗,乳腺治疗日期,活检日期,子宫切除史,肉眼可见病灶,户籍类型,低保,"
        "资金来源,宫颈癌分期,乳腺癌分期",
        f"T31,{woman},王芳,2026-03-02,HSIL,正常,2类,3类,,,CIN3,,,冷刀锥切,2026-03-25,,,2026-03-12,否,是,农村,是,免费项目,,",
        f"T32,{woman},王芳,2026-03-02,NILM,异常,4B类,2类,5类,2类,,浸润癌,,,,手术,2026-04-10,2026-03-15,否,否,城镇,否,医保,,ⅡA期",
        f"T33,{woman},王芳,2026-03-02,SCC,正常,,,,,浸润癌,,ⅠB2期,放化疗,2026-04-01,未治疗,,2026-03-15,否,是,农村,否,自费,,",
    )


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--big":
        big(int(sys.argv[2]), sys.argv[3])
        return

    write("prenatal-good-en.csv", prenatal_good_en())
    write("prenatal-good-en-updated.csv", prenatal_good_en(changed=True))
    write("prenatal-good-zh.csv", prenatal_good_zh())
    write("prenatal-reordered.csv", prenatal_reordered())
    write("newborn-good-en.csv", newborn_good_en())
    write("newborn-good-zh.csv", newborn_good_zh())
    write("two-cancer-good-en.csv", two_cancer_good_en())
    write("two-cancer-good-zh.csv", two_cancer_good_zh())
    write("prenatal-columns-zh.csv", prenatal_columns_zh())
    write("newborn-columns-zh.csv", newborn_columns_zh())
    write("two-cancer-columns-zh.csv", two_cancer_columns_zh())

    # GB18030 bytes, converted by iconv as a Chinese Excel would have written them
    src = prenatal_gb18030().encode("utf-8")
    gb = subprocess.run(["iconv", "-f", "UTF-8", "-t", "GB18030"], input=src, check=True,
                        stdout=subprocess.PIPE).stdout
    with open(os.path.join(HERE, "prenatal-gb18030.csv"), "wb") as f:
        f.write(gb)

    write("prenatal-excel-id.csv", prenatal_excel_id())
    write("prenatal-check-digit.csv", prenatal_check_digit())
    write("prenatal-ragged.csv", prenatal_ragged())
    write("two-cancer-multiline.csv", two_cancer_multiline())
    write("prenatal-formula.csv", prenatal_formula())
    write("newborn-unknown-variant.csv", newborn_unknown_variant())
    write("newborn-variant-spellings.csv", newborn_variant_spellings())
    write("prenatal-region-code.csv", prenatal_region_code())
    write("prenatal-duplicate-keys.csv", prenatal_duplicate_keys())
    write("two-cancer-bom.csv", two_cancer_bom(), bom=True)
    write("newborn-crlf.csv", newborn_crlf(), newline="\r\n")
    write("prenatal-invalid-values.csv", prenatal_invalid_values())
    write("prenatal-blank-lines.csv", prenatal_blank_lines())
    write("prenatal-unterminated.csv", prenatal_unterminated())

    write("prenatal-diagnosis-good-en.csv", diagnosis_good_en())
    write("prenatal-diagnosis-good-zh.csv", diagnosis_good_zh(), bom=True)
    write("prenatal-diagnosis-invalid.csv", diagnosis_invalid())
    write("prenatal-diagnosis-unlinked.csv", diagnosis_unlinked())
    write("pregnancy-outcome-good-en.csv", outcome_good_en())
    write("pregnancy-outcome-good-en-updated.csv", outcome_good_en(changed=True))
    write("pregnancy-outcome-good-zh.csv", outcome_good_zh())
    write("pregnancy-outcome-invalid.csv", outcome_invalid())
    write("audiology-good-en.csv", audiology_good_en())
    write("audiology-good-en-updated.csv", audiology_good_en(changed=True))
    write("audiology-good-zh.csv", audiology_good_zh(), newline="\r\n")
    write("audiology-invalid.csv", audiology_invalid())
    write("audiology-unlinked.csv", audiology_unlinked())
    gb = subprocess.run(["iconv", "-f", "UTF-8", "-t", "GB18030"], input=diagnosis_gb18030().encode("utf-8"),
                        check=True, stdout=subprocess.PIPE).stdout
    with open(os.path.join(HERE, "prenatal-diagnosis-gb18030.csv"), "wb") as f:
        f.write(gb)

    # structure: refused as files
    with open(os.path.join(HERE, "bad-utf16.csv"), "wb") as f:
        f.write(b"\xff\xfe" + (C_EN.replace(",", "\t") + "\r\n").encode("utf-16-le"))
    write("prenatal-semicolon.csv", lines(P_EN.replace(",", ";")))
    write("prenatal-missing-column.csv",
          lines(P_EN.replace("id_number,", ""),
                "P2026-9301,钱兰,,,2026-04-01,mid_double,16,0,,,1/5000,1/20000,,,,,,,"))
    write("prenatal-header-only.csv", lines(P_EN))
    write("empty.csv", "")


if __name__ == "__main__":
    main()
