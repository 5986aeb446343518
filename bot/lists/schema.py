"""The one description of each list's columns: what a column is called, how it is read, where it goes.

Every part of an import reads this table instead of keeping its own copy: the header matcher takes
the spellings (``aliases``), the header check the required columns, the column-wise validator
(:mod:`.columnar`) the type of each column, the bulk loader (:mod:`storage.repositories.bulk`) the
table column a value is stored in, and the officer's texts (refusals, the error report's column
names) the ``label``.  Adding a column is one :class:`ListColumn` here plus its texts (and, when it is
stored, the table column in ``storage/models.py`` with its migration): see README "How to add a
column to a list".

Types name a converter of :mod:`.cells`; the column-wise validator handles the common spellings of
each type with vectorised expressions and sends every other cell through that same converter, so a
new column of an existing type needs no new code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


def _(text: str) -> str:
    """Marks a column label for extraction into the catalogs; translated where it is shown."""
    return text


class ColumnType(StrEnum):
    TEXT = "text"            # free text: whitespace squashed, legacy fonts converted
    NAME = "name"            # a person's name: NFC, capitalised, letters only
    PERSON_ID = "person_id"  # CCCD (12 digits) / CMND (9), leading zeros repaired
    BIRTH = "birth"          # a birth date, or only the year
    DATE = "date"            # a date (decision, payment)
    MONEY = "money"          # whole đồng (or nghìn đồng when the header says so)
    SEX = "sex"              # Nam / Nữ
    PHONE = "phone"          # kept as E.164 when readable, never a reason to refuse
    SERIAL = "serial"        # the row's number (STT): recognised, never stored


APPROVED, PAID = "approved", "paid"
BOTH = frozenset({APPROVED, PAID})


@dataclass(frozen=True)
class ListColumn:
    """One column an office's list may have.

    ``aliases``: the ways offices write its header (a trailing "!" marks the preferred column when
    several match).  ``required``: the lists that cannot be imported without it.  ``stored``: the
    column of the staging and live tables that keeps it, per list ("" = read, not stored).
    ``label``: how the officer's messages name it."""

    name: str
    type: ColumnType
    aliases: tuple[str, ...]
    label: str
    required: frozenset[str] = frozenset()
    stored: tuple[tuple[str, str], ...] = ()  # ((list kind, table column), ...)

    def stored_as(self, kind: str) -> str:
        return dict(self.stored).get(kind, "")


COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("stt", ColumnType.SERIAL, ("STT", "TT", "Số TT", "Số thứ tự", "Thứ tự"), _("row number (STT)")),
    ListColumn("full_name", ColumnType.NAME, (
        "Họ và tên", "Họ tên", "Ho va ten", "Tên người lao động", "Họ và tên người lao động",
        "Họ tên người lao động", "Họ và tên người được hỗ trợ", "Họ và tên người nhận", "Người nhận",
        "Họ và tên chủ hộ", "Họ và tên đối tượng", "Họ tên đối tượng", "Tên đối tượng", "Tên",
        "Họ và tên NLĐ", "Tên NLĐ"), _("full name"), frozenset({APPROVED}),
        ((APPROVED, "full_name"), (PAID, "full_name"))),
    ListColumn("birth_date", ColumnType.BIRTH, (
        "Ngày sinh", "Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Năm sinh", "Ngay sinh", "Sinh ngày",
        "Ngày/tháng/năm sinh", "Ngày tháng sinh", "NTNS"), _("birth date"), stored=((APPROVED, "birth_date"),)),
    ListColumn("sex", ColumnType.SEX, ("Giới tính", "Nam/Nữ", "Giới", "Nam, Nữ"), _("sex"),
               stored=((APPROVED, "sex"),)),
    ListColumn("phone", ColumnType.PHONE, (
        "Số điện thoại", "Điện thoại", "SĐT", "Số ĐT", "ĐT", "Điện thoại liên hệ"), _("phone")),
    ListColumn("address", ColumnType.TEXT, (
        "Địa chỉ", "Nơi ở hiện tại", "Nơi cư trú", "Địa chỉ thường trú", "Địa chỉ tạm trú", "Nơi thường trú",
        "Nơi ở", "Chỗ ở hiện nay", "Quê quán", "Thôn/xóm", "Thôn", "Tổ dân phố", "Thôn, tổ dân phố", "Ấp",
        "Khu phố", "Số nhà"), _("address"), stored=((APPROVED, "address"),)),
    ListColumn("commune", ColumnType.TEXT, (
        "Xã/phường", "Xã", "Phường", "Xã, phường, thị trấn", "Phường/xã", "Xã/phường/thị trấn", "Xã, phường",
        "Phường, xã", "Xã/thị trấn"), _("commune"), stored=((APPROVED, "commune"),)),
    ListColumn("district", ColumnType.TEXT, (
        "Huyện", "Quận/huyện", "Quận", "Huyện/thị xã/thành phố", "Quận, huyện", "Huyện/quận", "Thị xã",
        "Huyện/thị xã"), _("district"), stored=((APPROVED, "district"),)),
    ListColumn("province", ColumnType.TEXT, (
        "Tỉnh", "Tỉnh/thành phố", "Tỉnh/TP", "Tỉnh, thành phố", "Thành phố"), _("province"),
        stored=((APPROVED, "province"),)),
    ListColumn("policy", ColumnType.TEXT, (
        "Chính sách", "Đối tượng", "Nhóm đối tượng", "Loại đối tượng", "Loại hỗ trợ", "Nội dung hỗ trợ",
        "Chính sách hỗ trợ", "Đối tượng hỗ trợ", "Thuộc đối tượng", "Nhóm", "Diện hỗ trợ",
        "Đối tượng được hỗ trợ"), _("policy")),  # stored as the policy id it names
    ListColumn("amount", ColumnType.MONEY, (
        "Số tiền", "Mức hỗ trợ", "Số tiền hỗ trợ!", "Thành tiền!", "Số tiền được hỗ trợ!", "Số tiền được duyệt!",
        "Kinh phí hỗ trợ", "Tổng số tiền!", "Số tiền được hưởng!", "Mức hưởng", "Tổng tiền!",
        "Số tiền hỗ trợ (đồng)!", "Tổng số tiền hỗ trợ!"), _("amount"), frozenset({APPROVED}),
        ((APPROVED, "amount"),)),
    ListColumn("decision_number", ColumnType.TEXT, (
        "Số quyết định", "QĐ số", "Số QĐ", "Quyết định số", "Số QĐ phê duyệt", "Quyết định",
        "Số quyết định phê duyệt"), _("decision number"), stored=((APPROVED, "decision_number"),)),
    ListColumn("decision_date", ColumnType.DATE, (
        "Ngày quyết định", "Ngày QĐ", "Ngày ban hành", "Ngày ký quyết định", "Ngày phê duyệt", "Ngày ký QĐ"),
        _("decision date"), stored=((APPROVED, "decision_date"),)),
    ListColumn("paid_amount", ColumnType.MONEY, (
        "Số tiền đã chi trả", "Số tiền chi trả", "Số tiền đã nhận", "Số tiền thực nhận", "Đã chi trả",
        "Số tiền đã chi", "Số tiền thực chi", "Thực nhận", "Số tiền nhận", "Số tiền đã thanh toán"),
        _("amount paid"), frozenset({PAID}), ((PAID, "amount"),)),
    ListColumn("paid_date", ColumnType.DATE, (
        "Ngày chi trả", "Ngày nhận", "Ngày chi", "Ngày nhận tiền", "Thời gian chi trả", "Ngày thanh toán",
        "Ngày chi trả tiền"), _("payment date"), stored=((PAID, "paid_date"),)),
    ListColumn("payer", ColumnType.TEXT, (
        "Đơn vị chi trả", "Bưu điện", "Ngân hàng", "Nơi chi trả", "Đơn vị thực hiện chi trả", "Bưu điện chi trả",
        "Điểm chi trả"), _("payer"), stored=((PAID, "payer"),)),
    ListColumn("note", ColumnType.TEXT, ("Ghi chú",), _("note")),
    # Support in kind beside money (the live table keeps it since migration 0004).
    ListColumn("rice_kg", ColumnType.TEXT, (
        "Gạo (kg)", "Số kg gạo", "Gạo", "Số gạo (kg)", "Gạo hỗ trợ (kg)", "Số lượng gạo (kg)"), _("rice (kg)")),
    ListColumn("in_kind_note", ColumnType.TEXT, ("Hiện vật", "Hỗ trợ hiện vật", "Hiện vật hỗ trợ", "Quà tặng"),
               _("support in kind")),
    ListColumn("bank_account", ColumnType.TEXT, (
        "Số tài khoản", "Tài khoản", "STK", "Số TK", "Số tài khoản ngân hàng", "TK ngân hàng"), _("bank account")),
    ListColumn("employer", ColumnType.TEXT, (
        "Tên doanh nghiệp", "Doanh nghiệp", "Đơn vị", "Nơi làm việc", "Tên đơn vị", "Đơn vị công tác",
        "Tên đơn vị sử dụng lao động", "Đơn vị sử dụng lao động", "Tên cơ sở", "Tên hộ kinh doanh",
        "Nơi làm việc trước đây"), _("employer")),
)
# The ID number is found by the words of its header ("Số CMND/CCCD/Hộ chiếu"), not by a list of
# spellings (bot/lists/aliases.py); it is described here like every other column.
ID_COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("id_number", ColumnType.PERSON_ID, (), _("ID number (CCCD/CMND)"), BOTH,
               ((APPROVED, "id_number"), (PAID, "id_number"))),
    ListColumn("old_id_number", ColumnType.PERSON_ID, (), _("old ID number (CMND)")),
)
BY_NAME: dict[str, ListColumn] = {column.name: column for column in (*COLUMNS, *ID_COLUMNS)}


def aliases() -> dict[str, tuple[str, ...]]:
    """Field name -> header spellings, for the header matcher."""
    return {column.name: column.aliases for column in COLUMNS}


def required(kind: str) -> tuple[str, ...]:
    """The columns a list of ``kind`` cannot be imported without, in the order they are named."""
    order = ("full_name", "id_number", "amount", "paid_amount")
    return tuple(sorted((c.name for c in BY_NAME.values() if kind in c.required), key=order.index))


def label(name: str) -> str:
    """The msgid naming column ``name`` in the officer's messages (the name itself if unknown)."""
    column = BY_NAME.get(name)
    return column.label if column is not None else name


__all__ = ["APPROVED", "BY_NAME", "COLUMNS", "ColumnType", "ID_COLUMNS", "ListColumn", "PAID", "aliases", "label",
           "required"]
