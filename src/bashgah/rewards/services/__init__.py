"""Spending points: rewards, vouchers and coupons."""
