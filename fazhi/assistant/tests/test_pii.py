from fazhi.assistant.pii import mask_question


def test_id_numbers_phones_and_accounts_are_masked():
    text = mask_question(
        "身份证33010619900101123X，手机１３８１２３４５６７８，座机0571-87654321，卡号6222021234567890123"
    )
    assert "33010619900101123X" not in text and "3301**********123X" in text
    assert "138****5678" in text and "87654321" not in text and "6222021234567890123" not in text


def test_names_after_the_usual_phrases_keep_only_the_surname():
    assert mask_question("我叫张三，被公司辞退") == "我叫张*，被公司辞退"
    assert mask_question("本人李小明想申请法律援助") == "本人李**想申请法律援助"
    assert mask_question("我姓欧阳娜，邻居吵") == "我姓欧**，邻居吵"
    assert mask_question("我是外卖骑手，被扣钱了") == "我是外卖骑手，被扣钱了"  # not a name


def test_addresses_are_masked_where_detectable():
    text = mask_question("我家住西湖区文三路100号3幢201室，楼上漏水")
    assert "100" not in text and "201" not in text and "西湖区文三" in text and "楼上漏水" in text


def test_a_question_without_personal_data_is_unchanged():
    q = "对区市场监管局的罚款不服怎么办（2025年10月1日收到决定书）"
    assert mask_question(q) == q
