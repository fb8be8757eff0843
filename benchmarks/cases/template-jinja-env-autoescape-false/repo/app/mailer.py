from jinja2 import Environment, PackageLoader

env = Environment(loader=PackageLoader("app", "templates/email"), autoescape=False)


def render_comment_notification(comment) -> str:
    template = env.get_template("comment.html")
    return template.render(comment=comment, post=comment.post)
