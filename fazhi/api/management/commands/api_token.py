"""`fazhi api_token USERNAME --name 用途 [--days 365]`: issue an API token and print its secret
(once — only its hash is stored). `--list` shows a user's tokens, `--revoke PREFIX` revokes one."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.api.models import ApiToken
from fazhi.api.services import DEFAULT_DAYS, TokenError, api_token_create, api_token_revoke
from fazhi.core.models import User


class Command(BaseCommand):
    help = "签发接口令牌（只显示一次），或列出、撤销某用户的令牌。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="令牌所属用户：令牌以该用户的角色和数据范围访问接口")
        parser.add_argument("--name", default="", help="用途：使用此令牌的系统")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help=f"有效天数（默认 {DEFAULT_DAYS}）")
        parser.add_argument("--list", action="store_true", help="列出该用户的令牌")
        parser.add_argument("--revoke", metavar="PREFIX", help="撤销该用户前缀为 PREFIX 的令牌")

    def handle(self, *args, username, name, days, list, revoke, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"找不到用户“{username}”。")
        if list:
            for t in ApiToken.objects.filter(user=user):
                used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "从未使用"
                self.stdout.write(
                    f"{t.prefix}…  {t.state}  {t.name}  失效 {t.expires_at:%Y-%m-%d}  最近使用 {used}"
                )
            return
        if revoke:
            token = ApiToken.objects.filter(user=user, prefix=revoke).first()
            if token is None:
                raise CommandError(f"用户“{username}”没有前缀为“{revoke}”的令牌。")
            api_token_revoke(actor=None, token=token)
            self.stdout.write(f"已撤销令牌 {token.prefix}…（{token.name}）。")
            return
        try:
            token, secret = api_token_create(actor=None, user=user, name=name, days=days)
        except TokenError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            f"已为 {user.get_username()} 签发接口令牌“{token.name}”，{token.expires_at:%Y-%m-%d} 失效。"
            "令牌只显示这一次，请妥善保存："
        )
        self.stdout.write(secret)
