"""Site builders: what turns a view's docs folder (Markdown pages holding the generator's HTML)
into the view's HTML. The build calls one through a narrow seam (see builders/mkdocs):

    configure(view, res, work, site_url, html_folders)
                                             the builder's settings for one view (html_folders:
                                             docs folders of generator HTML pages only)
    build_view(work, view, strict)           that view's HTML, into output(work, view)
    output(work, view)                       where it is
    replace_sitemap(root, text)              the builder's own sitemap replaced
    front_matter(title, toc, html, meta, data)   a page's front matter, in the builder's terms
    stand_ins()                              pages a view of only some pages must still hold

Everything specific to MkDocs and Material for MkDocs lives in builders/mkdocs, with the
theme folder overrides/ beside the project. docs/site-builders.md says what another builder
(Zensical) would need.
"""
