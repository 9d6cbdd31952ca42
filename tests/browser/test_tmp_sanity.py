def test_outside_the_widget_the_notebook_takes_keys(open_exercise, kn23):
    nb = open_exercise("kn23")
    before = nb.cells()
    nb.page.locator(".jp-Cell .jp-InputPrompt").first.click()
    nb.page.keyboard.press("Escape")
    nb.page.keyboard.press("b")
    after = nb.cells()
    print(len(before["cells"]), len(after["cells"]), after["mode"])
    assert len(after["cells"]) == len(before["cells"]) + 1
