"""Invented vocabulary for replica articles: names, sections and sentence parts.

Every name here is made up for the replica; none refers to a real reporter.
"""

FAMILY = ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh",
          "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Moon", "Baek", "Nam", "Ock")
GIVEN_HYPHEN = ("Min-ji", "Ji-hoon", "Seo-yeon", "Hyun-woo", "Da-eun", "Jae-min", "Su-bin",
                "Yoo-jin", "Tae-hyun", "Ha-eun", "Sung-jin", "He-suk", "Ho-jung", "Hyun-ju",
                "Min-kyung", "Do-hyun", "Ye-jin", "Jun-seo", "Eun-ji", "Kyung-ho")
GIVEN_PLAIN = ("Arin", "Bora", "Dahee", "Sohee", "Jaemin", "Minji", "Yejin", "Hana")
WESTERN = ("Peter Holm", "Laura Finch", "Daniel Reyes", "Claire Morgan", "Tom Wexler",
           "Nina Patel", "Oliver Grant", "Maya Lindqvist")
HANGUL_FAMILY = ("김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신",
                 "권", "황", "안", "송", "유", "홍", "고", "문", "백", "남")
HANGUL_GIVEN = ("승희", "혜원", "은결", "나율", "종일", "동희", "민준", "서연", "지훈", "수빈",
                "하은", "도윤", "예린", "현우", "지민", "태윤", "영원", "혜경", "준석", "상훈")
EMAIL_WORDS = ("insight", "newsdesk", "story", "reporter", "kh", "herald", "desk", "news")

# (path on the current site, legacy 12-digit code, name, RSS code of the legacy feed)
KH_SECTIONS = (
    ("National/Politics", "020101000000", "Politics", 102),
    ("National/Social-Affairs", "020102000000", "Social Affairs", 102),
    ("National/North-Korea", "020104000000", "North Korea", 102),
    ("Business/Economy", "020201000000", "Economy", 103),
    ("Business/Industry", "020203000000", "Industry", 103),
    ("Business/Technology", "020206000000", "Technology", 103),
    ("Finance/Market", "021901000000", "Finance", 305),
    ("LifenCulture/Travel", "020301000000", "Travel", 104),
    ("LifenCulture/Books", "020304000000", "Books", 104),
    ("Entertainment/K-pop", "020409000000", "K-pop", 105),
    ("Sports/Baseball", "020502000000", "Baseball", 106),
    ("World/World-News", "021201000000", "World News", 107),
    ("Opinion/Editorial", "020601000000", "Editorial", 108),
    ("Opinion/Viewpoints", "020603000000", "Viewpoints", 108),
)
# Herald Business sections (path, legacy code, Korean name). The real codes are unknown.
HB_SECTIONS = (
    ("economy", "010100000000", "경제"),
    ("finance", "010200000000", "금융"),
    ("realestate", "010300000000", "부동산"),
    ("industry", "010400000000", "산업"),
    ("world", "010500000000", "국제"),
    ("society", "010600000000", "사회"),
    ("culture", "010700000000", "문화"),
    ("entertainment", "010800000000", "연예"),
)
KO_DESKS = ("문화팀", "경제부", "산업부", "사회부", "국제부")

EN_SUBJECTS = ("The ministry", "Seoul's central bank", "The opposition party", "Local officials",
               "The company", "Analysts", "Residents of the city", "The committee",
               "Exporters", "The national team", "Researchers at the institute", "Lawmakers",
               "The festival organisers", "Shipbuilders", "The education office")
EN_VERBS = ("announced", "signalled", "rejected", "welcomed", "reviewed", "proposed", "delayed",
            "expanded", "questioned", "unveiled", "confirmed", "estimated")
EN_OBJECTS = ("a new plan to ease housing costs", "the revised budget for next year",
              "stricter rules on short-term lending", "a joint study on coastal erosion",
              "the quarterly growth figures", "a pilot program for remote classes",
              "tariff talks with regional partners", "measures to support small retailers",
              "the schedule for the autumn season", "an investigation into the outage",
              "plans for a new subway line", "a bid to host the games")
EN_TAILS = ("on Tuesday", "earlier this week", "after months of debate", "despite criticism",
            "according to officials", "in a statement", "for the first time since 2015",
            "amid slowing exports", "citing rising costs", "by the end of the year")
EN_TITLE_HEADS = ("Seoul weighs", "Ministry moves on", "Firms brace for", "Lawmakers clash over",
                  "City expands", "Exporters eye", "Experts split on", "Fans flock to",
                  "Regulators tighten", "Researchers map")
EN_TITLE_TAILS = ("housing costs", "chip exports", "coastal erosion", "budget plan",
                  "remote classes", "tariff talks", "retail support", "autumn season",
                  "subway expansion", "games bid", "power outage", "lending rules")

KO_SUBJECTS = ("정부는", "한국은행은", "업계는", "전문가들은", "시민들은", "위원회는", "회사는",
               "연구진은", "국회는", "지자체는")
KO_OBJECTS = ("새로운 주택 정책을", "내년 예산안을", "수출 지원 대책을", "금리 결정을",
              "공동 연구 결과를", "지역 축제 일정을", "소상공인 지원책을", "반도체 투자 계획을",
              "교통 개선안을", "안전 점검 결과를")
KO_VERBS = ("발표했다.", "검토하고 있다.", "공개했다.", "확정했다.", "밝혔다.", "추진한다.",
            "논의했다.", "예고했다.")
KO_TAILS = ("지난 21일", "이번 주", "올해 안에", "관계자에 따르면", "업계에 따르면",
            "최근", "내달부터", "이날")
KO_TITLE_HEADS = ("정부", "한은", "업계", "서울시", "국회", "증시", "부동산 시장", "수출")
KO_TITLE_TAILS = ("대책 발표", "금리 동결", "투자 확대", "규제 완화 검토", "회복세 뚜렷",
                  "불확실성 커져", "신기록 경신", "지원책 확대")
KO_CAPTION_CREDITS = ("사진=KBS 방송화면 캡처", "게티이미지", "연합뉴스", "헤럴드경제DB")
PHOTO_CREDITS = ("Yonhap", "The Korea Herald", "Courtesy of the ministry", "AP", "AFP")
COLUMN_TAGS = ("Editorial", "Newsmaker", "Herald Interview", "KH Explains", "Weekender",
               "News Focus", "Reporter's Notebook", "Exclusive")
