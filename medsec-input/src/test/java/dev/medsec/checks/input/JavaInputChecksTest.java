package dev.medsec.checks.input;

import dev.medsec.testkit.Javac;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

class JavaInputChecksTest {
    @TempDir
    Path tmp;

    private static final String DAO = """
            import java.sql.*;
            public class Dao {
              ResultSet a(Connection c, String id) throws Exception {
                return c.createStatement().executeQuery("SELECT * FROM patient WHERE id = '" + id + "'");
              }
              ResultSet b(Connection c, String name) throws Exception {
                StringBuilder sb = new StringBuilder("DELETE FROM visit WHERE name = ");
                sb.append(name);
                c.createStatement().execute(sb.toString());
                return null;
              }
              ResultSet safe(Connection c, String id) throws Exception {
                PreparedStatement ps = c.prepareStatement("SELECT * FROM patient WHERE id = ?");
                ps.setString(1, id);
                c.createStatement().executeQuery("SELECT count(*) FROM " + "patient");
                return ps.executeQuery();
              }
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"8", "17"})
    void sqlInjection_concatenation_reportedForBothConcatStyles(String release) {
        Path cls = Javac.compile(tmp, "Dao", DAO, release);
        CheckTester.of(new JavaSqlInjection(), tmp).file("/Dao.class", cls)
                .expect("/Dao.class", f -> f.evidence().get("method").toString().startsWith("a(")
                        && f.evidence().get("line").equals(4))
                .expect("/Dao.class", f -> f.evidence().get("method").toString().startsWith("b("))
                .run();
    }

    @Test
    void sqlInjection_constantQueriesAndBinds_clean() {
        Path cls = Javac.compile(tmp, "Clean", """
                import java.sql.*;
                public class Clean {
                  static final String Q = "SELECT 1";
                  void a(Connection c, String sql) throws Exception {
                    c.createStatement().execute(Q);
                    StringBuilder sb = new StringBuilder("SELECT ").append(1).append(" FROM t");
                    c.createStatement().execute(sb.toString());
                    c.createStatement().execute(sql);
                  }
                }
                """);
        CheckTester.of(new JavaSqlInjection(), tmp).file("/Clean.class", cls).run();
    }

    @Test
    void trustAll_emptyChecks_reported_realCheckClean() {
        Path bad = Javac.compile(tmp, "TrustAll", """
                import javax.net.ssl.*; import java.security.cert.*;
                public class TrustAll implements X509TrustManager {
                  public void checkClientTrusted(X509Certificate[] c, String a) { }
                  public void checkServerTrusted(X509Certificate[] c, String a) { }
                  public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
                }
                """);
        Path good = Javac.compile(tmp, "Pinned", """
                import javax.net.ssl.*; import java.security.cert.*;
                public class Pinned implements X509TrustManager {
                  private final X509TrustManager d;
                  Pinned(X509TrustManager d) { this.d = d; }
                  public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException {
                    throw new CertificateException("no client auth"); }
                  public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException {
                    d.checkServerTrusted(c, a); }
                  public X509Certificate[] getAcceptedIssuers() { return d.getAcceptedIssuers(); }
                }
                """);
        CheckTester.of(new JavaTrustAllCertificates(), tmp)
                .file("/TrustAll.class", bad).file("/Pinned.class", good)
                .expect("/TrustAll.class", f -> f.evidence().get("method").toString().startsWith("checkServerTrusted"))
                .expect("/TrustAll.class", f -> f.evidence().get("method").toString().startsWith("checkClientTrusted"))
                .run();
    }

    @Test
    void acceptAllHostnames_classAndLambda_reported_realVerifierClean() {
        Path cls = Javac.compile(tmp, "Hosts", """
                import javax.net.ssl.*;
                public class Hosts {
                  static class All implements HostnameVerifier {
                    public boolean verify(String h, SSLSession s) { return true; }
                  }
                  HostnameVerifier lambda() { return (h, s) -> true; }
                  HostnameVerifier strict() { return (h, s) -> h.equals("device.example"); }
                }
                """);
        Path inner = cls.resolveSibling("Hosts$All.class");
        CheckTester.of(new JavaAcceptAllHostnames(), tmp)
                .file("/Hosts.class", cls).file("/Hosts$All.class", inner)
                .expect("/Hosts.class", f -> f.evidence().containsKey("lambda"))
                .expect("/Hosts$All.class")
                .run();
    }

    @Test
    void weakTls_tlsV1AndSsl_reported_tls12Clean() {
        Path cls = Javac.compile(tmp, "Tls", """
                import javax.net.ssl.*;
                public class Tls {
                  void a() throws Exception { SSLContext.getInstance("TLSv1"); SSLContext.getInstance("SSL"); }
                  void b() throws Exception { SSLContext.getInstance("TLSv1.2"); SSLContext.getInstance("TLSv1.3");
                    SSLContext.getInstance("TLS"); }
                }
                """);
        CheckTester.of(new JavaWeakTlsProtocol(), tmp).file("/Tls.class", cls)
                .expect("/Tls.class", f -> f.evidence().get("protocol").equals("TLSv1"))
                .expect("/Tls.class", f -> f.evidence().get("protocol").equals("SSL"))
                .run();
    }
}
