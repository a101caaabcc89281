"""jupyter_kernel_test's conformance suite for the tslab-keras kernel, a sample for every check."""
import unittest

import jupyter_kernel_test


class TslabKerasKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "tslab-keras"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The kernel loads TypeScript, the library and a backend before its first cell: seconds,
        # more on a loaded CI machine. jupyter_kernel_test gives each check 15 s, which is for the
        # check, so the load happens here first, as it would before a user's first cell.
        msg_id = cls.kc.execute("undefined", silent=True, store_history=False)
        while True:
            reply = cls.kc.get_shell_msg(timeout=180)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = "console.log('hello, world')"
    code_stderr = "console.error('something went wrong')"

    completion_samples = [
        {"text": "Math.flo", "matches": {"floor"}},
        {"text": "const longVariableName = 1; longVariableNa", "matches": {"longVariableName"}},
    ]
    complete_code_samples = ["1 + 1", "const x = 1;", "function f() { return 1; }", "for (const i of [1, 2]) {\n  console.log(i);\n}"]
    incomplete_code_samples = ["function f() {", "const xs = [1,", "if (true) {\n  console.log(1);"]
    invalid_code_samples = ["const 1 = 2;", ") + 1", "1 +* 2;"]

    code_page_something = "Math.max?"
    code_generate_error = "throw new Error('boom')"
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'a' + 'b'", "result": "'ab'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
    ]
    code_display_data = [
        {"code": "display.html('<b>bold</b>');", "mime": "text/html"},
        {"code": "display.svg('<svg xmlns=\"http://www.w3.org/2000/svg\"/>');", "mime": "image/svg+xml"},
        {"code": "display.markdown('*emphasis*');", "mime": "text/markdown"},
    ]
    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max"
    code_clear_output = "display.clear();"


if __name__ == "__main__":
    import sys

    # Results on stdout: the kernel's own stderr (e.g. Dawn's adapter warnings) reaches ours too.
    unittest.main(verbosity=2, testRunner=unittest.TextTestRunner(stream=sys.stdout, verbosity=2))
