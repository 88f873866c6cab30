// kib serve's rules without a server: the tokens file, Host and Origin checks, listen addresses,
// percent coding of file names and job ids (the API itself: tests/serve/serve_api_test.py).
#include <gtest/gtest.h>

#include "engine/serve/api.hpp"
#include "engine/serve/job_store.hpp"
#include "engine/serve/security.hpp"
#include "engine/serve/serve_config.hpp"
#include "readers/error.hpp"

namespace kib::serve {
namespace {

TEST(ServeTokens, ParsesNamesAndFindsTheOwner) {
    const token_list t = token_list::parse("# wie token\n\nanne 0123456789abcdef0123\r\n  beheer   fedcba9876543210fedc  \n", "tokens");
    EXPECT_EQ(t.size(), 2u);
    EXPECT_EQ(t.owner("0123456789abcdef0123").value_or(""), "anne");
    EXPECT_EQ(t.owner("fedcba9876543210fedc").value_or(""), "beheer");
    EXPECT_FALSE(t.owner("0123456789abcdef012").has_value());
    EXPECT_FALSE(t.owner("").has_value());
    EXPECT_FALSE(t.owner("anne").has_value());
}

TEST(ServeTokens, ErrorsNameTheLine) {
    try {
        token_list::parse("anne 0123456789abcdef0123\nbeheer kort\n", "/etc/kib/tokens");
        FAIL() << "a short token was taken";
    } catch (const error& e) {
        EXPECT_EQ(e.where().file, "/etc/kib/tokens");
        EXPECT_EQ(e.where().line, 2u);
        EXPECT_NE(e.message().find("shorter than 16"), std::string::npos);
    }
    EXPECT_THROW(token_list::parse("anne\n", "t"), error);
    EXPECT_THROW(token_list::parse("anne 0123456789abcdef0123 extra\n", "t"), error);
    EXPECT_THROW(token_list::parse("anne 0123456789abcdef0123\nbob 0123456789abcdef0123\n", "t"), error);
}

TEST(ServeTokens, Bearer) {
    EXPECT_EQ(bearer_token("Bearer abc"), "abc");
    EXPECT_EQ(bearer_token("bearer  abc "), "abc");
    EXPECT_EQ(bearer_token("Basic abc"), "");
    EXPECT_EQ(bearer_token("Bearer"), "");
    EXPECT_EQ(bearer_token(""), "");
}

TEST(ServeSecurity, Loopback) {
    EXPECT_TRUE(is_loopback_host("127.0.0.1"));
    EXPECT_TRUE(is_loopback_host("127.8.9.10"));
    EXPECT_TRUE(is_loopback_host("::1"));
    EXPECT_TRUE(is_loopback_host("[::1]"));
    EXPECT_TRUE(is_loopback_host("LocalHost"));
    EXPECT_FALSE(is_loopback_host("0.0.0.0"));
    EXPECT_FALSE(is_loopback_host("::"));
    EXPECT_FALSE(is_loopback_host("192.168.1.10"));
    EXPECT_FALSE(is_loopback_host("localhost.evil.example"));
    EXPECT_FALSE(listen_refusal({"127.0.0.1", 8750}, false).has_value());
    EXPECT_TRUE(listen_refusal({"0.0.0.0", 8750}, false).has_value());
    EXPECT_FALSE(listen_refusal({"0.0.0.0", 8750}, true).has_value());
}

TEST(ServeSecurity, HostAndOriginOnLoopback) {
    const origin_policy p({"127.0.0.1", 8750}, false, "", {"kibserver"});
    EXPECT_TRUE(p.host_allowed("127.0.0.1:8750"));
    EXPECT_TRUE(p.host_allowed("LOCALHOST:8750"));
    EXPECT_TRUE(p.host_allowed("[::1]:8750"));
    EXPECT_FALSE(p.host_allowed("127.0.0.1:8751"));
    EXPECT_FALSE(p.host_allowed("127.0.0.1"));
    EXPECT_FALSE(p.host_allowed("evil.example:8750"));
    EXPECT_FALSE(p.host_allowed("kibserver:8750"));  // loopback: this machine's name is not needed
    EXPECT_FALSE(p.host_allowed(""));
    EXPECT_TRUE(p.origin_allowed(""));
    EXPECT_TRUE(p.origin_allowed("http://127.0.0.1:8750"));
    EXPECT_TRUE(p.origin_allowed("http://localhost:8750"));
    EXPECT_FALSE(p.origin_allowed("https://127.0.0.1:8750"));
    EXPECT_FALSE(p.origin_allowed("http://evil.example"));
    EXPECT_FALSE(p.origin_allowed("null"));
}

TEST(ServeSecurity, HostAndOriginWithPublicUrl) {
    const origin_policy p({"0.0.0.0", 8750}, false, "https://Kib.Kantoor.local/", {"kibserver"});
    EXPECT_TRUE(p.host_allowed("kib.kantoor.local"));
    EXPECT_TRUE(p.host_allowed("kib.kantoor.local:443"));
    EXPECT_TRUE(p.host_allowed("kibserver:8750"));
    EXPECT_FALSE(p.host_allowed("kib.kantoor.local:80"));
    EXPECT_FALSE(p.host_allowed("0.0.0.0:8750"));
    EXPECT_TRUE(p.origin_allowed("https://kib.kantoor.local"));
    EXPECT_FALSE(p.origin_allowed("http://kib.kantoor.local"));
    EXPECT_FALSE(p.origin_allowed("https://kib.kantoor.local.evil.example"));
    const origin_policy q({"10.0.0.5", 9000}, true, "https://kib.example:8443", {});
    EXPECT_TRUE(q.host_allowed("10.0.0.5:9000"));
    EXPECT_TRUE(q.host_allowed("kib.example:8443"));
    EXPECT_FALSE(q.host_allowed("kib.example"));
    EXPECT_TRUE(q.origin_allowed("https://10.0.0.5:9000"));
    EXPECT_TRUE(q.origin_allowed("https://kib.example:8443"));
}

TEST(ServeConfig, ParseListen) {
    EXPECT_EQ(parse_listen("127.0.0.1:8750").host, "127.0.0.1");
    EXPECT_EQ(parse_listen("127.0.0.1:8750").port, 8750);
    EXPECT_EQ(parse_listen("[::1]:80").host, "::1");
    EXPECT_EQ(parse_listen("localhost:1").port, 1);
    for (const char* bad : {"127.0.0.1", ":8750", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "::1:80", "[::1]80", "h:8x"}) {
        try {
            parse_listen(bad);
            ADD_FAILURE() << bad;
        } catch (const error& e) {
            EXPECT_EQ(e.where().where, "--listen") << bad;
        }
    }
}

TEST(ServeApi, PercentCoding) {
    std::string out;
    EXPECT_TRUE(percent_decode("CX-scan%202026%20%E2%80%94%20%C3%A9%C3%A9n.xlsx", out));
    EXPECT_EQ(out, "CX-scan 2026 — één.xlsx");
    EXPECT_EQ(percent_encode(out), "CX-scan%202026%20%E2%80%94%20%C3%A9%C3%A9n.xlsx");
    EXPECT_FALSE(percent_decode("a%2", out));
    EXPECT_FALSE(percent_decode("a%zz", out));
    EXPECT_TRUE(percent_decode("plain.csv", out));
    EXPECT_EQ(out, "plain.csv");
}

TEST(ServeJobStore, Ids) {
    const std::string id = job_store::new_id();
    EXPECT_TRUE(job_store::valid_id(id)) << id;
    EXPECT_NE(id, job_store::new_id());
    EXPECT_FALSE(job_store::valid_id(""));
    EXPECT_FALSE(job_store::valid_id("../../etc/passwd"));
    EXPECT_FALSE(job_store::valid_id("20260101T000000Z-00000000000000000000000G"));
    EXPECT_FALSE(job_store::valid_id("20260101T000000Z/000000000000000000000000"));
    EXPECT_TRUE(job_store::valid_id("20260101T000000Z-000000000000000000000000"));
}

}  // namespace
}  // namespace kib::serve
