"""QR codes for member pages (the drawing lives in core.qr, shared with staff pages)."""

from bashgah.core.qr import VOUCHER_QR_PREFIX, qr_svg, voucher_qr_payload

__all__ = ["VOUCHER_QR_PREFIX", "qr_svg", "voucher_qr_payload"]
