package dev.medsec.checks.hardening;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The C library functions _FORTIFY_SOURCE replaces with checked variants, as glibc 2.36 exports them (debug/ and
 * the __*_2 open family). Built in, never read from the scanning host's libc, so a cross-compiled image is judged
 * by the same list on any machine.
 */
final class FortifiableFunctions {
    private static final String[] CHECKED = {
        "__asprintf_chk", "__confstr_chk", "__dprintf_chk", "__explicit_bzero_chk", "__fgets_chk",
        "__fgets_unlocked_chk", "__fgetws_chk", "__fgetws_unlocked_chk", "__fprintf_chk", "__fread_chk",
        "__fread_unlocked_chk", "__fwprintf_chk", "__getcwd_chk", "__getdomainname_chk", "__getgroups_chk",
        "__gethostname_chk", "__getlogin_r_chk", "__gets_chk", "__getwd_chk", "__longjmp_chk", "__mbsnrtowcs_chk",
        "__mbsrtowcs_chk", "__mbstowcs_chk", "__memcpy_chk", "__memmove_chk", "__mempcpy_chk", "__memset_chk",
        "__obstack_printf_chk", "__obstack_vprintf_chk", "__poll_chk", "__ppoll_chk", "__pread64_chk",
        "__pread_chk", "__printf_chk", "__ptsname_r_chk", "__read_chk", "__readlink_chk", "__readlinkat_chk",
        "__realpath_chk", "__recv_chk", "__recvfrom_chk", "__snprintf_chk", "__sprintf_chk", "__stpcpy_chk",
        "__stpncpy_chk", "__strcat_chk", "__strcpy_chk", "__strncat_chk", "__strncpy_chk", "__swprintf_chk",
        "__syslog_chk", "__ttyname_r_chk", "__vasprintf_chk", "__vdprintf_chk", "__vfprintf_chk",
        "__vfwprintf_chk", "__vprintf_chk", "__vsnprintf_chk", "__vsprintf_chk", "__vswprintf_chk",
        "__vsyslog_chk", "__vwprintf_chk", "__wcpcpy_chk", "__wcpncpy_chk", "__wcrtomb_chk", "__wcscat_chk",
        "__wcscpy_chk", "__wcsncat_chk", "__wcsncpy_chk", "__wcsnrtombs_chk", "__wcsrtombs_chk", "__wcstombs_chk",
        "__wctomb_chk", "__wmemcpy_chk", "__wmemmove_chk", "__wmempcpy_chk", "__wmemset_chk", "__wprintf_chk",
        "__fdelt_chk", "__open_2", "__open64_2", "__openat_2", "__openat64_2", "__mq_open_2",
    };

    /** checked name -> plain name it replaces. */
    private static final Map<String, String> PLAIN_OF_CHECKED = new HashMap<>();
    /** plain name -> checked name. */
    private static final Map<String, String> CHECKED_OF_PLAIN = new HashMap<>();

    static {
        for (String c : CHECKED) {
            String plain = plainName(c);
            PLAIN_OF_CHECKED.put(c, plain);
            if (!plain.isEmpty()) {
                CHECKED_OF_PLAIN.put(plain, c);
            }
        }
        // Alternative entry points the compiler also calls unfortified.
        CHECKED_OF_PLAIN.put("__isoc99_sprintf", "__sprintf_chk");
    }

    private FortifiableFunctions() {
    }

    private static String plainName(String checked) {
        if (checked.equals("__fdelt_chk")) {
            return "";  // replaces the FD_SET macros, not a function
        }
        if (checked.endsWith("_2")) {
            return checked.substring(2, checked.length() - 2);
        }
        return checked.substring(2, checked.length() - 4);
    }

    static boolean isChecked(String symbol) {
        return PLAIN_OF_CHECKED.containsKey(symbol);
    }

    /** The checked variant of a plain fortifiable function, when it has one. */
    static Optional<String> checkedVariantOf(String symbol) {
        return Optional.ofNullable(CHECKED_OF_PLAIN.get(symbol));
    }
}
